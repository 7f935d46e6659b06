package io.veriregime.runtime.circuit;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a witness as snarkjs reads it (.wtns, version 2): section 1 the header (element size,
 * prime, number of values), section 2 one element per wire, in wire order.
 */
public final class WtnsFile {

  static final String MAGIC = "wtns";
  static final int VERSION = 2;
  static final int HEADER = 1;
  static final int VALUES = 2;

  private WtnsFile() {}

  /** Writes {@code file} atomically. */
  public static void write(Witness witness, Path file) {
    BigInteger[] wires = witness.wires();
    Iden3BinaryFile.write(file, MAGIC, VERSION, List.of(
        new Iden3BinaryFile.Section(HEADER, 4 + Field.BYTES + 4, out -> {
          out.uint32(Field.BYTES);
          out.element(Field.MODULUS);
          out.uint32(wires.length);
        }),
        new Iden3BinaryFile.Section(VALUES, (long) Field.BYTES * wires.length, out -> {
          for (BigInteger value : wires) {
            out.element(value);
          }
        })));
  }
}
