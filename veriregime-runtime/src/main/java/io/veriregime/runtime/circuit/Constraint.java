package io.veriregime.runtime.circuit;

import java.math.BigInteger;

/** One rank-1 constraint A·B = C over the wires. */
record Constraint(LinearCombination a, LinearCombination b, LinearCombination c) {

  boolean isSatisfiedBy(BigInteger[] wires) {
    return a.evaluate(wires).multiply(b.evaluate(wires)).subtract(c.evaluate(wires)).mod(Field.MODULUS).signum() == 0;
  }

  /** Linear: A or B is a constant, so the constraint costs no multiplication of two wires. */
  boolean isLinear() {
    return a.isConstant() || b.isConstant();
  }
}
