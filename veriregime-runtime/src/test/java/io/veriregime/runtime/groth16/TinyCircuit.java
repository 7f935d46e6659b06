package io.veriregime.runtime.groth16;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The textbook circuit {@code out = x³ + x + 5} (x private, out public), written by hand in the
 * iden3 binary formats snarkjs reads: {@code .r1cs} (r1csfile spec: header, constraints, wire labels)
 * and {@code .wtns} (version 2: header, values), field elements little-endian in normal form. Wires:
 * 0 = the constant 1, 1 = out, 2 = x, 3 = x², 4 = x³. Constraints: x·x = x², x²·x = x³,
 * (x³ + x + 5)·1 = out.
 */
final class TinyCircuit {

  /** BN254's scalar field (snarkjs' bn128 "r"). */
  static final BigInteger PRIME = new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");
  private static final int N8 = 32;
  private static final int WIRES = 5;

  /** A linear combination: wire to coefficient. */
  private record Term(int wire, long coefficient) {}

  private static final List<List<List<Term>>> CONSTRAINTS = List.of(
      List.of(List.of(new Term(2, 1)), List.of(new Term(2, 1)), List.of(new Term(3, 1))),
      List.of(List.of(new Term(3, 1)), List.of(new Term(2, 1)), List.of(new Term(4, 1))),
      List.of(List.of(new Term(4, 1), new Term(2, 1), new Term(0, 5)), List.of(new Term(0, 1)), List.of(new Term(1, 1))));

  private TinyCircuit() {}

  static Path writeR1cs(Path file) {
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    write(header, u32(N8), field(PRIME), u32(WIRES), u32(1), u32(0), u32(1), u64(WIRES), u32(CONSTRAINTS.size()));
    ByteArrayOutputStream constraints = new ByteArrayOutputStream();
    for (List<List<Term>> constraint : CONSTRAINTS) {
      for (List<Term> combination : constraint) {
        write(constraints, u32(combination.size()));
        for (Term term : combination) {
          write(constraints, u32(term.wire()), field(BigInteger.valueOf(term.coefficient())));
        }
      }
    }
    ByteArrayOutputStream labels = new ByteArrayOutputStream();
    for (int wire = 0; wire < WIRES; wire++) {
      write(labels, u64(wire));
    }
    return binFile(file, "r1cs", 1, Map.of(1, header.toByteArray(), 2, constraints.toByteArray(), 3, labels.toByteArray()));
  }

  /** The witness for input {@code x}; {@code out} is written as given, so a wrong one makes a witness that does not satisfy the circuit. */
  static Path writeWitness(Path file, long x, BigInteger out) {
    BigInteger bx = BigInteger.valueOf(x);
    List<BigInteger> values = List.of(BigInteger.ONE, out, bx, bx.pow(2), bx.pow(3));
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    write(header, u32(N8), field(PRIME), u32(values.size()));
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    values.forEach(value -> write(data, field(value.mod(PRIME))));
    return binFile(file, "wtns", 2, Map.of(1, header.toByteArray(), 2, data.toByteArray()));
  }

  static BigInteger output(long x) {
    return BigInteger.valueOf(x * x * x + x + 5);
  }

  private static Path binFile(Path file, String magic, int version, Map<Integer, byte[]> sections) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, magic.getBytes(StandardCharsets.US_ASCII), u32(version), u32(sections.size()));
    sections.keySet().stream().sorted().forEach(type -> write(out, u32(type), u64(sections.get(type).length), sections.get(type)));
    try {
      return Files.write(file, out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] field(BigInteger value) {
    byte[] big = value.toByteArray();
    byte[] little = new byte[N8];
    for (int i = 0; i < Math.min(big.length, N8); i++) { // drops toByteArray's leading sign byte
      little[i] = big[big.length - 1 - i];
    }
    return little;
  }

  private static byte[] u32(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  private static byte[] u64(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }

  private static void write(ByteArrayOutputStream out, byte[]... parts) {
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
  }
}
