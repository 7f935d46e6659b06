package io.veriregime.runtime.circuit;

import java.math.BigInteger;
import java.util.List;

/**
 * A rank-1 constraint system over {@link Field}, with snarkjs' wire order: wire 0 is the constant
 * 1, then the public outputs, the public inputs, the private inputs, and every internal wire. A
 * witness assigns a field element to every wire.
 */
public final class R1cs {

  /** The wire that always holds 1. */
  static final int ONE = 0;

  private final int wires;
  private final int publicOutputs;
  private final int publicInputs;
  private final int privateInputs;
  private final List<Constraint> constraints;

  R1cs(int wires, int publicOutputs, int publicInputs, int privateInputs, List<Constraint> constraints) {
    this.wires = wires;
    this.publicOutputs = publicOutputs;
    this.publicInputs = publicInputs;
    this.privateInputs = privateInputs;
    this.constraints = List.copyOf(constraints);
  }

  public int wires() {
    return wires;
  }

  public int publicOutputs() {
    return publicOutputs;
  }

  public int publicInputs() {
    return publicInputs;
  }

  public int privateInputs() {
    return privateInputs;
  }

  public int constraintCount() {
    return constraints.size();
  }

  /** Constraints where A or B is a constant (sums, bindings): they cost no multiplication. */
  public int linearConstraintCount() {
    return (int) constraints.stream().filter(Constraint::isLinear).count();
  }

  /** Whether every constraint holds for this assignment (one field element per wire, wire 0 = 1). */
  public boolean isSatisfiedBy(BigInteger[] witness) {
    return firstViolated(witness) < 0;
  }

  /** The index of the first constraint the assignment violates, or −1 when it satisfies them all. */
  public int firstViolated(BigInteger[] witness) {
    if (witness.length != wires || !BigInteger.ONE.equals(witness[ONE])) {
      throw new IllegalArgumentException("a witness has one element per wire (" + wires + ") and 1 on wire 0, got "
          + witness.length + " elements starting with " + (witness.length == 0 ? "nothing" : witness[ONE]));
    }
    for (int i = 0; i < constraints.size(); i++) {
      if (!constraints.get(i).isSatisfiedBy(witness)) {
        return i;
      }
    }
    return -1;
  }

  List<Constraint> constraints() {
    return constraints;
  }
}
