package io.veriregime.runtime.circuit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every gadget on its own: the honest witness satisfies the R1CS (checked by {@link R1cs#isSatisfiedBy}),
 * and a witness with one lie in it (a wrong product, a remainder out of range, a wrong sign bit)
 * does not. Internal wires are numbered in allocation order, which is how the lies find their wires.
 */
class GadgetsTest {

  /** A circuit with one public input, built by {@code gadget}, and the witness for {@code input}. */
  private record Built(R1cs r1cs, BigInteger[] witness, int result) {}

  private static Built build(long input, Function<CircuitBuilder, Integer> gadget) {
    CircuitBuilder circuit = new CircuitBuilder(0, 1, 0);
    int result = gadget.apply(circuit);
    return new Built(circuit.r1cs(), circuit.witness(new BigInteger[] {BigInteger.valueOf(input)}), result);
  }

  private static LinearCombination x(CircuitBuilder circuit) {
    return LinearCombination.wire(circuit.input(0));
  }

  private static long signed(BigInteger element) {
    return Field.toSigned(element).longValueExact();
  }

  @Test
  void bitsProveARangeWithOneBooleanPerBitAndOneSum() {
    int[][] bits = new int[1][];
    Built built = build(13, c -> {
      bits[0] = Gadgets.bits(c, x(c), 4, () -> "x");
      return bits[0][0];
    });

    assertThat(built.r1cs().constraintCount()).isEqualTo(4 + 1);
    assertThat(built.r1cs().isSatisfiedBy(built.witness())).isTrue();
    assertThat(Arrays.stream(bits[0]).map(wire -> built.witness()[wire].intValueExact())).containsExactly(1, 0, 1, 1);

    // 13 = 1 + 0·2 + 3·4: the sum holds, but a bit that is 3 is no bit
    BigInteger[] lie = built.witness().clone();
    lie[bits[0][2]] = BigInteger.valueOf(3);
    lie[bits[0][3]] = BigInteger.ZERO;
    assertThat(built.r1cs().firstViolated(lie)).isEqualTo(2);
  }

  @Test
  void aValueOutsideTheRangeHasNoWitness() {
    assertThatThrownBy(() -> build(16, c -> Gadgets.bits(c, x(c), 4, () -> "the test value")[0]))
        .isInstanceOf(Gadgets.OutOfRange.class)
        .hasMessage("the test value does not fit its range check of 4 bits (the checked value, offset included, is 16)");
    assertThatThrownBy(() -> build(-1, c -> Gadgets.bits(c, x(c), 4, () -> "x")[0]))
        .isInstanceOf(Gadgets.OutOfRange.class);
  }

  @Test
  void squareIsOneConstraintAndAWrongSquareIsRejected() {
    Built built = build(-7, c -> Gadgets.square(c, x(c).plusConstant(BigInteger.TEN)));

    assertThat(built.r1cs().constraintCount()).isEqualTo(1);
    assertThat(built.witness()[built.result()]).isEqualTo(BigInteger.valueOf(9));
    assertThat(built.r1cs().isSatisfiedBy(built.witness())).isTrue();
    BigInteger[] lie = built.witness().clone();
    lie[built.result()] = BigInteger.valueOf(10);
    assertThat(built.r1cs().isSatisfiedBy(lie)).isFalse();
  }

  @Test
  void cubicPolynomialByHornerCostsTwoMultiplications() {
    BigInteger[] coefficients = {BigInteger.valueOf(5), BigInteger.valueOf(-3), BigInteger.valueOf(2), BigInteger.valueOf(7)};
    int[] wire = new int[1];
    Built built = build(-4, c -> {
      LinearCombination p = Gadgets.polynomial(c, x(c), coefficients);
      wire[0] = c.allocate(p::evaluate);
      c.constrainEqual(LinearCombination.wire(wire[0]), p);
      return wire[0];
    });

    assertThat(built.r1cs().constraintCount()).isEqualTo(2 + 1);
    assertThat(signed(built.witness()[wire[0]])).isEqualTo(5 + 12 + 32 - 448);
    assertThat(built.r1cs().isSatisfiedBy(built.witness())).isTrue();
    // the first product, (7x + 2)·x, is the first internal wire
    BigInteger[] lie = built.witness().clone();
    int firstProduct = wire[0] - 2;
    lie[firstProduct] = lie[firstProduct].add(BigInteger.ONE);
    assertThat(built.r1cs().firstViolated(lie)).isZero();
  }

  @Test
  void quadraticPolynomialCostsOneMultiplication() {
    BigInteger[] coefficients = {BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3)};
    Built built = build(3, c -> c.allocate(Gadgets.polynomial(c, x(c), coefficients)::evaluate));

    assertThat(built.r1cs().constraintCount()).isEqualTo(1);
    assertThat(signed(built.witness()[built.result()])).isEqualTo(1 + 6 + 27);
  }

  @Test
  void truncationFloorsSignedValuesAndRejectsARemainderOutOfRange() {
    for (long value : new long[] {45, -45, 0, -1, 127, -128}) {
      Built built = build(value, c -> Gadgets.truncate(c, x(c), 3, 4, true, () -> "x"));
      assertThat(built.r1cs().constraintCount()).isEqualTo(3 + 4 + 1 + 1 + 1);
      assertThat(signed(built.witness()[built.result()])).isEqualTo(Math.floorDiv(value, 8));
      assertThat(built.r1cs().isSatisfiedBy(built.witness())).isTrue();
    }

    // 45 + 128 = 173 = 21·8 + 5, claimed as 20·8 + 13: the quotient's bits and the sum agree, but the
    // remainder needs a "bit" of 3 (1 + 3·4 = 13)
    Built built = build(45, c -> Gadgets.truncate(c, x(c), 3, 4, true, () -> "x"));
    int quotient = built.result();
    int firstBit = quotient - 8;
    BigInteger[] lie = built.witness().clone();
    setBits(lie, firstBit, 1, 0, 3, /* quotient 20 = 0b10100 */ 0, 0, 1, 0, 1);
    lie[quotient] = BigInteger.valueOf(20 - 16); // less the offset 2^4
    assertThat(sum(lie, firstBit, 8)).isEqualTo(173);
    assertThat(built.r1cs().firstViolated(lie)).isEqualTo(2);

    assertThatThrownBy(() -> build(128, c -> Gadgets.truncate(c, x(c), 3, 4, true, () -> "x")))
        .isInstanceOf(Gadgets.OutOfRange.class);
  }

  @Test
  void unsignedTruncationNeedsNoSignBit() {
    Built built = build(45, c -> Gadgets.truncate(c, x(c), 3, 4, false, () -> "x"));

    assertThat(built.r1cs().constraintCount()).isEqualTo(3 + 4 + 1 + 1);
    assertThat(signed(built.witness()[built.result()])).isEqualTo(5);
    assertThatThrownBy(() -> build(-1, c -> Gadgets.truncate(c, x(c), 3, 4, false, () -> "x")))
        .isInstanceOf(Gadgets.OutOfRange.class);
  }

  @Test
  void reluBySignBitAndAWrongSignBitIsRejected() {
    for (long value : new long[] {45, -45, 0, -1, 127, -128}) {
      Built built = build(value, c -> Gadgets.relu(c, x(c), 3, 4, () -> "x"));
      assertThat(built.r1cs().constraintCount()).isEqualTo(3 + 4 + 1 + 1 + 1);
      assertThat(signed(built.witness()[built.result()])).isEqualTo(Math.max(0, Math.floorDiv(value, 8)));
      assertThat(built.r1cs().isSatisfiedBy(built.witness())).isTrue();
    }

    // −45: claim the sign bit says "non-negative" and output ⌊(−45 + 128)/8⌋ = 10 instead of 0
    Built built = build(-45, c -> Gadgets.relu(c, x(c), 3, 4, () -> "x"));
    int signBit = built.result() - 1;
    BigInteger[] flipped = built.witness().clone();
    flipped[signBit] = BigInteger.ONE;
    flipped[built.result()] = BigInteger.valueOf(10);
    assertThat(built.r1cs().isSatisfiedBy(flipped)).isFalse();
    BigInteger[] wrongOutput = built.witness().clone();
    wrongOutput[built.result()] = BigInteger.ONE;
    assertThat(built.r1cs().isSatisfiedBy(wrongOutput)).isFalse();
  }

  private static void setBits(BigInteger[] witness, int first, long... values) {
    for (int i = 0; i < values.length; i++) {
      witness[first + i] = BigInteger.valueOf(values[i]);
    }
  }

  private static long sum(BigInteger[] witness, int first, int n) {
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += witness[first + i].longValueExact() << i;
    }
    return sum;
  }
}
