package io.veriregime.runtime.circuit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an {@link R1cs} and, beside it, the recipe for its witness: every internal wire is
 * allocated with a {@link Hint} that computes its value from wires computed before it, so a
 * witness is the inputs followed by the hints in allocation order (as circom's witness calculator
 * does). The public wires are allocated first, then the private inputs, as snarkjs' wire order
 * requires, and the outputs' hints are registered when the gadget that computes them runs.
 */
final class CircuitBuilder {

  /** Computes one wire's value (a field element) from the wires computed so far. */
  @FunctionalInterface
  interface Hint {
    BigInteger value(BigInteger[] wires);
  }

  private record Step(int wire, Hint hint) {}

  private final int publicOutputs;
  private final int publicInputs;
  private final int privateInputs;
  private final List<Constraint> constraints = new ArrayList<>();
  private final List<Step> steps = new ArrayList<>();
  private int wires;

  CircuitBuilder(int publicOutputs, int publicInputs, int privateInputs) {
    this.publicOutputs = publicOutputs;
    this.publicInputs = publicInputs;
    this.privateInputs = privateInputs;
    this.wires = 1 + publicOutputs + publicInputs + privateInputs;
  }

  /** Wire of public output {@code index}: its value comes from {@link #computeOutput}. */
  int output(int index) {
    return 1 + index;
  }

  /** Wire of public input {@code index}: its value is given, never computed. */
  int input(int index) {
    return 1 + publicOutputs + index;
  }

  /** Wire of private input {@code index}: given, like a public input, but known to the prover only. */
  int privateInput(int index) {
    return input(publicInputs + index);
  }

  int allocate(Hint hint) {
    int wire = wires++;
    steps.add(new Step(wire, hint));
    return wire;
  }

  void computeOutput(int index, Hint hint) {
    steps.add(new Step(output(index), hint));
  }

  /** Adds A·B = C. */
  void constrain(LinearCombination a, LinearCombination b, LinearCombination c) {
    constraints.add(new Constraint(a, b, c));
  }

  /** Adds the linear constraint left = right (as (left − right)·1 = 0). */
  void constrainEqual(LinearCombination left, LinearCombination right) {
    constrain(left.plus(right.times(BigInteger.ONE.negate())), LinearCombination.constant(BigInteger.ONE),
        LinearCombination.ZERO);
  }

  int constraintCount() {
    return constraints.size();
  }

  R1cs r1cs() {
    return new R1cs(wires, publicOutputs, publicInputs, privateInputs, constraints);
  }

  /** The witness for the given inputs (signed integers), the public ones then the private ones: every hint in order. */
  BigInteger[] witness(BigInteger[] inputs) {
    if (inputs.length != publicInputs + privateInputs) {
      throw new IllegalArgumentException("the circuit has " + publicInputs + " public and " + privateInputs
          + " private inputs, got " + inputs.length);
    }
    BigInteger[] values = new BigInteger[wires];
    values[R1cs.ONE] = BigInteger.ONE;
    for (int i = 0; i < inputs.length; i++) {
      values[input(i)] = Field.of(inputs[i]);
    }
    for (Step step : steps) {
      values[step.wire()] = Field.of(step.hint().value(values));
    }
    return values;
  }
}
