package io.veriregime.runtime.circuit;

import java.math.BigInteger;

/**
 * The scalar field of BN254 (snarkjs' {@code bn128}): the integers modulo the prime r. Elements are
 * kept as {@link BigInteger}s in [0, r); a signed integer v is the element v mod r, so negative
 * values sit just below r.
 */
public final class Field {

  /** r = 21888242871839275222246405745257275088548364400416034343698204186575808495617. */
  public static final BigInteger MODULUS =
      new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");

  /** Bytes of one element in the iden3 files (.r1cs, .wtns): 254 bits round up to four 64-bit words. */
  public static final int BYTES = 32;

  private static final BigInteger HALF = MODULUS.shiftRight(1);

  private Field() {}

  /** The element a signed integer stands for. */
  public static BigInteger of(BigInteger value) {
    return value.mod(MODULUS);
  }

  public static BigInteger of(long value) {
    return of(BigInteger.valueOf(value));
  }

  /** The signed integer in (−r/2, r/2] an element stands for: the inverse of {@link #of} for small values. */
  public static BigInteger toSigned(BigInteger element) {
    return element.compareTo(HALF) > 0 ? element.subtract(MODULUS) : element;
  }
}
