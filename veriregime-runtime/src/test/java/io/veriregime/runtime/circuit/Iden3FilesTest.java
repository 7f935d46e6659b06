package io.veriregime.runtime.circuit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * .r1cs and .wtns written and parsed back here, by this test's own reader of iden3's container
 * (magic, version, sections of type and size; little-endian; field elements in standard form).
 */
class Iden3FilesTest {

  @TempDir Path tmp;

  /** A truncation of (x − 3)² by 2 bits, with x public and the quotient as the one public output. */
  private static CircuitBuilder circuit() {
    CircuitBuilder circuit = new CircuitBuilder(1, 1, 0);
    LinearCombination x = LinearCombination.wire(circuit.input(0)).plusConstant(BigInteger.valueOf(-3));
    int square = Gadgets.square(circuit, x);
    int quotient = Gadgets.truncate(circuit, LinearCombination.wire(square), 2, 6, false, () -> "x");
    circuit.computeOutput(0, wires -> wires[quotient]);
    circuit.constrainEqual(LinearCombination.wire(circuit.output(0)), LinearCombination.wire(quotient));
    return circuit;
  }

  @Test
  void r1csHeaderConstraintsAndLabelsReadBack() throws IOException {
    R1cs r1cs = circuit().r1cs();
    Path file = tmp.resolve("circuit.r1cs");

    R1csFile.write(r1cs, file);

    Container container = Container.read(file, "r1cs");
    assertThat(container.version()).isEqualTo(1);
    assertThat(container.sections()).containsOnlyKeys(1, 2, 3);
    ByteBuffer header = container.sections().get(1);
    assertThat(header.getInt()).isEqualTo(32);
    assertThat(element(header)).isEqualTo(Field.MODULUS);
    assertThat(header.getInt()).isEqualTo(r1cs.wires());
    assertThat(header.getInt()).isEqualTo(1); // public outputs
    assertThat(header.getInt()).isEqualTo(1); // public inputs
    assertThat(header.getInt()).isZero(); // private inputs
    assertThat(header.getLong()).isEqualTo(r1cs.wires()); // labels
    assertThat(header.getInt()).isEqualTo(r1cs.constraintCount());
    assertThat(header.remaining()).isZero();

    ByteBuffer constraints = container.sections().get(2);
    for (Constraint constraint : r1cs.constraints()) {
      assertThat(linearCombination(constraints)).isEqualTo(constraint.a().terms());
      assertThat(linearCombination(constraints)).isEqualTo(constraint.b().terms());
      assertThat(linearCombination(constraints)).isEqualTo(constraint.c().terms());
    }
    assertThat(constraints.remaining()).isZero();

    ByteBuffer labels = container.sections().get(3);
    for (int wire = 0; wire < r1cs.wires(); wire++) {
      assertThat(labels.getLong()).isEqualTo(wire);
    }
    assertThat(labels.remaining()).isZero();
  }

  @Test
  void theFirstConstraintIsTheSquareWithNegativeCoefficientsInStandardForm() throws IOException {
    Path file = tmp.resolve("circuit.r1cs");
    R1csFile.write(circuit().r1cs(), file);

    ByteBuffer constraints = Container.read(file, "r1cs").sections().get(2);

    // (x − 3)·(x − 3) = square, x on wire 2 (after 1 and the output), −3 as r − 3 on wire 0
    Map<Integer, BigInteger> a = linearCombination(constraints);
    assertThat(a).containsExactly(Map.entry(0, Field.MODULUS.subtract(BigInteger.valueOf(3))), Map.entry(2, BigInteger.ONE));
  }

  @Test
  void wtnsHeaderAndValuesReadBack() throws IOException {
    CircuitBuilder circuit = circuit();
    BigInteger[] wires = circuit.witness(new BigInteger[] {BigInteger.valueOf(-5)});
    Path file = tmp.resolve("witness.wtns");

    WtnsFile.write(new Witness(wires, new long[0], new double[0]), file);

    Container container = Container.read(file, "wtns");
    assertThat(container.version()).isEqualTo(2);
    assertThat(container.sections()).containsOnlyKeys(1, 2);
    ByteBuffer header = container.sections().get(1);
    assertThat(header.getInt()).isEqualTo(32);
    assertThat(element(header)).isEqualTo(Field.MODULUS);
    assertThat(header.getInt()).isEqualTo(wires.length);
    ByteBuffer values = container.sections().get(2);
    List<BigInteger> read = new ArrayList<>();
    while (values.hasRemaining()) {
      read.add(element(values));
    }
    assertThat(read).containsExactly(wires);
    assertThat(read.get(1)).isEqualTo(BigInteger.valueOf(64 / 4)); // ⌊(−5 − 3)² / 4⌋
    assertThat(read.get(2)).isEqualTo(Field.MODULUS.subtract(BigInteger.valueOf(5)));
    assertThat(circuit.r1cs().isSatisfiedBy(wires)).isTrue();
  }

  /** iden3's binary container, read independently of the writer: magic, version, sections by type. */
  private record Container(int version, Map<Integer, ByteBuffer> sections) {
    static Container read(Path file, String magic) throws IOException {
      ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      byte[] start = new byte[4];
      all.get(start);
      assertThat(new String(start, StandardCharsets.US_ASCII)).isEqualTo(magic);
      int version = all.getInt();
      int count = all.getInt();
      Map<Integer, ByteBuffer> sections = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        int type = all.getInt();
        int size = Math.toIntExact(all.getLong());
        ByteBuffer content = all.slice().limit(size).order(ByteOrder.LITTLE_ENDIAN);
        all.position(all.position() + size);
        sections.put(type, content);
      }
      assertThat(all.remaining()).isZero();
      return new Container(version, sections);
    }
  }

  private static Map<Integer, BigInteger> linearCombination(ByteBuffer buffer) {
    int terms = buffer.getInt();
    Map<Integer, BigInteger> result = new LinkedHashMap<>();
    for (int i = 0; i < terms; i++) {
      result.put(buffer.getInt(), element(buffer));
    }
    return result;
  }

  private static BigInteger element(ByteBuffer buffer) {
    byte[] littleEndian = new byte[32];
    buffer.get(littleEndian);
    byte[] bigEndian = new byte[33];
    for (int i = 0; i < 32; i++) {
      bigEndian[32 - i] = littleEndian[i];
    }
    return new BigInteger(bigEndian);
  }
}
