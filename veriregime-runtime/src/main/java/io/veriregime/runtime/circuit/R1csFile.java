package io.veriregime.runtime.circuit;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes an {@link R1cs} as snarkjs reads it (iden3's r1cs binary format, version 1): section 1
 * the header (element size, prime, wires, public outputs, public inputs, private inputs, labels,
 * constraints), section 2 the constraints (A, B, C, each as a term count and (wire, coefficient)
 * pairs in wire order), section 3 the wire-to-label map (wire i has label i: there are no source
 * signal names to point to).
 */
public final class R1csFile {

  static final String MAGIC = "r1cs";
  static final int VERSION = 1;
  static final int HEADER = 1;
  static final int CONSTRAINTS = 2;
  static final int WIRE_TO_LABEL = 3;

  private R1csFile() {}

  /** Writes {@code file} atomically. */
  public static void write(R1cs r1cs, Path file) {
    List<Iden3BinaryFile.Section> sections = List.of(
        new Iden3BinaryFile.Section(HEADER, 4 + Field.BYTES + 4 * 4 + 8 + 4, out -> {
          out.uint32(Field.BYTES);
          out.element(Field.MODULUS);
          out.uint32(r1cs.wires());
          out.uint32(r1cs.publicOutputs());
          out.uint32(r1cs.publicInputs());
          out.uint32(r1cs.privateInputs());
          out.uint64(r1cs.wires());
          out.uint32(r1cs.constraintCount());
        }),
        new Iden3BinaryFile.Section(CONSTRAINTS, constraintBytes(r1cs), out -> {
          for (Constraint constraint : r1cs.constraints()) {
            for (LinearCombination lc : List.of(constraint.a(), constraint.b(), constraint.c())) {
              SortedMap<Integer, BigInteger> terms = lc.terms();
              out.uint32(terms.size());
              for (Map.Entry<Integer, BigInteger> term : terms.entrySet()) {
                out.uint32(term.getKey());
                out.element(term.getValue());
              }
            }
          }
        }),
        new Iden3BinaryFile.Section(WIRE_TO_LABEL, 8L * r1cs.wires(), out -> {
          for (int wire = 0; wire < r1cs.wires(); wire++) {
            out.uint64(wire);
          }
        }));
    Iden3BinaryFile.write(file, MAGIC, VERSION, sections);
  }

  private static long constraintBytes(R1cs r1cs) {
    long bytes = 0;
    for (Constraint constraint : r1cs.constraints()) {
      for (LinearCombination lc : List.of(constraint.a(), constraint.b(), constraint.c())) {
        bytes += 4 + (long) lc.terms().size() * (4 + Field.BYTES);
      }
    }
    return bytes;
  }
}
