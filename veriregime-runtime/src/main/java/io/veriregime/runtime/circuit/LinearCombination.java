package io.veriregime.runtime.circuit;

import java.math.BigInteger;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Σ cᵢ·wᵢ over wires, with field coefficients; wire 0 is the constant 1, so a constant term is a
 * coefficient on wire 0. Immutable: every operation returns a new combination. Terms are kept sorted
 * by wire, as the .r1cs file lists them, and zero coefficients are dropped.
 */
final class LinearCombination {

  static final LinearCombination ZERO = new LinearCombination(new TreeMap<>());

  private final SortedMap<Integer, BigInteger> terms;

  private LinearCombination(SortedMap<Integer, BigInteger> terms) {
    this.terms = terms;
  }

  static LinearCombination wire(int wire) {
    return ZERO.plus(wire, BigInteger.ONE);
  }

  /** Σ coefficient·wire over the given terms (a wire listed twice has its coefficients added). */
  static LinearCombination of(Map<Integer, BigInteger> terms) {
    TreeMap<Integer, BigInteger> reduced = new TreeMap<>();
    terms.forEach((wire, c) -> reduced.merge(wire, c, BigInteger::add));
    reduced.replaceAll((wire, c) -> Field.of(c));
    reduced.values().removeIf(c -> c.signum() == 0);
    return new LinearCombination(reduced);
  }

  static LinearCombination constant(BigInteger value) {
    return ZERO.plus(R1cs.ONE, value);
  }

  /** This plus coefficient·wire. */
  LinearCombination plus(int wire, BigInteger coefficient) {
    TreeMap<Integer, BigInteger> sum = new TreeMap<>(terms);
    BigInteger merged = Field.of(sum.getOrDefault(wire, BigInteger.ZERO).add(coefficient));
    if (merged.signum() == 0) {
      sum.remove(wire);
    } else {
      sum.put(wire, merged);
    }
    return new LinearCombination(sum);
  }

  LinearCombination plus(LinearCombination other) {
    LinearCombination sum = this;
    for (Map.Entry<Integer, BigInteger> term : other.terms.entrySet()) {
      sum = sum.plus(term.getKey(), term.getValue());
    }
    return sum;
  }

  LinearCombination plusConstant(BigInteger value) {
    return plus(R1cs.ONE, value);
  }

  LinearCombination times(BigInteger factor) {
    TreeMap<Integer, BigInteger> product = new TreeMap<>();
    BigInteger f = Field.of(factor);
    if (f.signum() != 0) {
      terms.forEach((wire, c) -> product.put(wire, c.multiply(f).mod(Field.MODULUS)));
    }
    return new LinearCombination(product);
  }

  /** True when only the constant wire appears (then a product with it needs no multiplication). */
  boolean isConstant() {
    return terms.isEmpty() || (terms.size() == 1 && terms.containsKey(R1cs.ONE));
  }

  /** The constant term's element (the coefficient on wire 0). */
  BigInteger constantTerm() {
    return terms.getOrDefault(R1cs.ONE, BigInteger.ZERO);
  }

  /** Its value, as a field element, for the given wire values. */
  BigInteger evaluate(BigInteger[] wires) {
    BigInteger sum = BigInteger.ZERO;
    for (Map.Entry<Integer, BigInteger> term : terms.entrySet()) {
      sum = sum.add(term.getValue().multiply(wires[term.getKey()]));
    }
    return sum.mod(Field.MODULUS);
  }

  SortedMap<Integer, BigInteger> terms() {
    return Collections.unmodifiableSortedMap(terms);
  }

  @Override
  public String toString() {
    return terms.toString();
  }
}
