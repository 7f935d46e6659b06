package io.veriregime.runtime.circuit;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The arithmetic gadgets the compiler is made of, written for this project (not taken from
 * circomlib). Each adds its constraints to a {@link CircuitBuilder} and allocates its wires with
 * the hints that compute them; the costs are stated per gadget. Values are signed integers encoded
 * in the field ({@link Field#of}).
 */
final class Gadgets {

  private Gadgets() {}

  /** A witness value outside the bits a range check allows: no witness exists for these inputs. */
  static final class OutOfRange extends RuntimeException {
    OutOfRange(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * n wires b₀…bₙ₋₁, each constrained to be 0 or 1 (bᵢ·(bᵢ − 1) = 0), whose Σ bᵢ·2ⁱ equals
   * {@code x}: a proof that 0 ≤ x < 2ⁿ. Costs n + 1 constraints (the sum is linear).
   *
   * @param what names the value in the message when a witness's value does not fit
   * @throws OutOfRange while computing a witness, when x is outside [0, 2ⁿ)
   */
  static int[] bits(CircuitBuilder circuit, LinearCombination x, int n, Supplier<String> what) {
    int[] bits = new int[n];
    Map<Integer, BigInteger> sum = new HashMap<>();
    Function<BigInteger[], BigInteger> valueOfX = evaluatedOncePerWitness(x);
    for (int i = 0; i < n; i++) {
      int bit = i;
      bits[i] = circuit.allocate(wires -> {
        BigInteger value = Field.toSigned(valueOfX.apply(wires));
        if (value.signum() < 0 || value.bitLength() > n) {
          throw new OutOfRange(what.get() + " does not fit its range check of " + n + " bits (the checked value, "
              + "offset included, is " + value + ")");
        }
        return value.testBit(bit) ? BigInteger.ONE : BigInteger.ZERO;
      });
      LinearCombination b = LinearCombination.wire(bits[i]);
      circuit.constrain(b, b.plusConstant(BigInteger.ONE.negate()), LinearCombination.ZERO);
      sum.put(bits[i], BigInteger.ONE.shiftLeft(i));
    }
    circuit.constrainEqual(LinearCombination.of(sum), x);
    return bits;
  }

  /**
   * x's value, computed by the first bit's hint and reused by the others of the same witness (the
   * same wires array): a ReLU's x is a whole layer's weighted sum, too long to evaluate once per bit.
   */
  private static Function<BigInteger[], BigInteger> evaluatedOncePerWitness(LinearCombination x) {
    AtomicReference<Map.Entry<BigInteger[], BigInteger>> last = new AtomicReference<>();
    return wires -> {
      Map.Entry<BigInteger[], BigInteger> cached = last.get();
      if (cached != null && cached.getKey() == wires) {
        return cached.getValue();
      }
      BigInteger value = x.evaluate(wires);
      last.set(Map.entry(wires, value));
      return value;
    };
  }

  /** Σ bᵢ·2^(i−from) for i in [from, to): the bits' value shifted right by {@code from}, at no cost. */
  static LinearCombination fromBits(int[] bits, int from, int to) {
    Map<Integer, BigInteger> terms = new HashMap<>();
    for (int i = from; i < to; i++) {
      terms.put(bits[i], BigInteger.ONE.shiftLeft(i - from));
    }
    return LinearCombination.of(terms);
  }

  /** A wire holding a·b. One constraint. */
  static int product(CircuitBuilder circuit, LinearCombination a, LinearCombination b) {
    int product = circuit.allocate(wires -> a.evaluate(wires).multiply(b.evaluate(wires)));
    circuit.constrain(a, b, LinearCombination.wire(product));
    return product;
  }

  /** A wire holding y². One constraint. */
  static int square(CircuitBuilder circuit, LinearCombination y) {
    return product(circuit, y, y);
  }

  /**
   * p(y) = C₀ + C₁·y + … + C_d·y^d by Horner's rule, h ← C_i + y·h from the top coefficient down:
   * the first step multiplies by a constant and is free, every later one costs one constraint, so a
   * polynomial of degree d costs d − 1 (a quadratic one, like a square).
   *
   * @param coefficients C₀…C_d, ascending
   */
  static LinearCombination polynomial(CircuitBuilder circuit, LinearCombination y, BigInteger[] coefficients) {
    int degree = coefficients.length - 1;
    LinearCombination horner = LinearCombination.constant(coefficients[degree]);
    for (int i = degree - 1; i >= 0; i--) {
      LinearCombination times = horner.isConstant()
          ? y.times(horner.constantTerm())
          : LinearCombination.wire(product(circuit, y, horner));
      horner = times.plusConstant(coefficients[i]);
    }
    return horner;
  }

  /**
   * A wire holding ⌊x / 2^shift⌋, proven with x + offset = Σ bits: the low {@code shift} bits are the
   * remainder, the rest the quotient, so the decomposition range-checks both (remainder in shift bits,
   * |quotient| < 2^magnitudeBits). A signed x gets the offset 2^(shift + magnitudeBits) and one more bit,
   * whose value is taken off the quotient again. Costs shift + magnitudeBits (+1 signed) booleans, the
   * sum, and one linear constraint binding the quotient's wire.
   */
  static int truncate(CircuitBuilder circuit, LinearCombination x, int shift, int magnitudeBits, boolean signed,
                      Supplier<String> what) {
    int width = shift + magnitudeBits + (signed ? 1 : 0);
    BigInteger offset = signed ? BigInteger.ONE.shiftLeft(shift + magnitudeBits) : BigInteger.ZERO;
    int[] bits = bits(circuit, x.plusConstant(offset), width, what);
    LinearCombination quotient = fromBits(bits, shift, width)
        .plusConstant(signed ? BigInteger.ONE.shiftLeft(magnitudeBits).negate() : BigInteger.ZERO);
    int wire = circuit.allocate(wires -> Field.toSigned(x.evaluate(wires)).shiftRight(shift));
    circuit.constrainEqual(LinearCombination.wire(wire), quotient);
    return wire;
  }

  /**
   * A wire holding max(0, ⌊y / 2^shift⌋), by the sign bit: y + 2^(shift + magnitudeBits) is decomposed
   * into shift + magnitudeBits + 1 bits, whose top bit is 1 exactly when y ≥ 0, and whose bits from
   * {@code shift} up to the top are then ⌊y / 2^shift⌋; the output is their product with the sign bit.
   * Costs shift + magnitudeBits + 1 booleans, the sum, and one multiplication.
   */
  static int relu(CircuitBuilder circuit, LinearCombination y, int shift, int magnitudeBits, Supplier<String> what) {
    int width = shift + magnitudeBits + 1;
    int[] bits = bits(circuit, y.plusConstant(BigInteger.ONE.shiftLeft(width - 1)), width, what);
    LinearCombination nonNegative = LinearCombination.wire(bits[width - 1]);
    return product(circuit, nonNegative, fromBits(bits, shift, width - 1));
  }
}
