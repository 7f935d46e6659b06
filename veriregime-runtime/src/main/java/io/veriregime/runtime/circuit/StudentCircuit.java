package io.veriregime.runtime.circuit;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A student MLP compiled to a rank-1 constraint system over BN254's scalar field (DEVELOPERS.md,
 * "The circuit compiler"), with its witness generator. Public signals: the logits (outputs, at the
 * {@link FixedPointModel}'s output unit) and the quantised window (inputs, round(x·2^s)). A
 * verifier checks the logits against the window it quantised itself; inputs are not range-checked
 * in the circuit, because the verifier supplies them. With {@link FixedPointOptions#packInputs}
 * the window's values are private inputs instead, range-checked and packed into a few public
 * signals ({@link ConstraintReport.InputPacking}), which the verifier computes from the window.
 *
 * <p>Weights are constants, so a linear layer is only linear combinations feeding the next
 * multiplication; each hidden neuron costs its activation's multiplications and one truncation.
 */
public final class StudentCircuit {

  private final FixedPointModel fixedPoint;
  private final ConstraintReport.InputPacking packing;
  private final CircuitBuilder circuit;
  private final R1cs r1cs;
  private final ConstraintReport report;

  private StudentCircuit(FixedPointModel fixedPoint, CircuitBuilder circuit, R1cs r1cs, ConstraintReport report) {
    this.fixedPoint = fixedPoint;
    this.packing = report.inputPacking();
    this.circuit = circuit;
    this.r1cs = r1cs;
    this.report = report;
  }

  /** Reads the student in {@code modelDir} and compiles it, calibrating ranges on {@code calibration} windows. */
  public static StudentCircuit compile(Path modelDir, FixedPointOptions options, Npy.FloatArray calibration) {
    return compile(ModelDefinition.read(modelDir), modelDir, options, calibration);
  }

  /** @param modelDir where {@code model} comes from, for messages */
  public static StudentCircuit compile(ModelDefinition model, Path modelDir, FixedPointOptions options,
                                       Npy.FloatArray calibration) {
    FixedPointModel fixedPoint = FixedPointModel.of(model, modelDir, options, calibration);
    int inputs = fixedPoint.inputCount();
    ConstraintReport.InputPacking packing = options.packInputs()
        ? ConstraintReport.InputPacking.of(inputs, fixedPoint.inputMagnitudeBits()) : null;
    CircuitBuilder circuit = packing == null ? new CircuitBuilder(fixedPoint.classCount(), inputs, 0)
        : new CircuitBuilder(fixedPoint.classCount(), packing.signals(), inputs);
    List<ConstraintReport.LayerConstraints> layers = new ArrayList<>();
    if (model.layers().get(0) instanceof Layer.Flatten flatten) {
      layers.add(new ConstraintReport.LayerConstraints(0, flatten.type(), 0, 0));
    }
    int[] activations = new int[inputs];
    for (int i = 0; i < activations.length; i++) {
      activations[i] = packing == null ? circuit.input(i) : circuit.privateInput(i);
    }
    if (packing != null) {
      int before = circuit.constraintCount();
      packInputs(circuit, packing, activations);
      packing = packing.withConstraints(circuit.constraintCount() - before);
    }
    for (FixedPointModel.Hidden layer : fixedPoint.hidden()) {
      layers.add(new ConstraintReport.LayerConstraints(layer.linearIndex(), "linear", 0, 0));
      int before = circuit.constraintCount();
      int[] next = new int[layer.bias().length];
      for (int o = 0; o < next.length; o++) {
        LinearCombination accumulator = weightedSum(layer.weights()[o], layer.bias()[o], activations);
        next[o] = activate(circuit, layer, accumulator, neuron(model, layer, o));
      }
      layers.add(new ConstraintReport.LayerConstraints(layer.activationIndex(),
          model.layers().get(layer.activationIndex()).type(), circuit.constraintCount() - before, rangeBits(layer)));
      activations = next;
    }
    FixedPointModel.Output output = fixedPoint.output();
    int before = circuit.constraintCount();
    for (int o = 0; o < output.bias().length; o++) {
      LinearCombination logit = weightedSum(output.weights()[o], output.bias()[o], activations);
      circuit.computeOutput(o, logit::evaluate);
      circuit.constrainEqual(LinearCombination.wire(circuit.output(o)), logit);
    }
    layers.add(new ConstraintReport.LayerConstraints(output.linearIndex(), "linear", circuit.constraintCount() - before, 0));
    R1cs r1cs = circuit.r1cs();
    return new StudentCircuit(fixedPoint, circuit, r1cs, new ConstraintReport(layers, r1cs.constraintCount(),
        r1cs.linearConstraintCount(), r1cs.wires(), r1cs.publicInputs(), r1cs.publicOutputs(), packing));
  }

  /**
   * Each private input x range-checked as x + 2^offsetBits in bitsPerInput bits, and each public
   * signal bound to its inputs' packing: the checks make the packing the only way to reach a
   * signal's value, so the proof is of exactly the window the verifier packed.
   */
  static void packInputs(CircuitBuilder circuit, ConstraintReport.InputPacking packing, int[] inputs) {
    BigInteger offset = BigInteger.ONE.shiftLeft(packing.offsetBits());
    Map<Integer, BigInteger> signal = new HashMap<>();
    BigInteger signalOffset = BigInteger.ZERO;
    for (int i = 0; i < inputs.length; i++) {
      int index = i;
      Gadgets.bits(circuit, LinearCombination.wire(inputs[i]).plusConstant(offset), packing.bitsPerInput(),
          () -> "input " + index);
      BigInteger place = BigInteger.ONE.shiftLeft(packing.bitsPerInput() * (i % packing.inputsPerSignal()));
      signal.put(inputs[i], place);
      signalOffset = signalOffset.add(offset.multiply(place));
      boolean lastOfSignal = (i + 1) % packing.inputsPerSignal() == 0 || i + 1 == inputs.length;
      if (lastOfSignal) {
        circuit.constrainEqual(LinearCombination.wire(circuit.input(i / packing.inputsPerSignal())),
            LinearCombination.of(signal).plusConstant(signalOffset));
        signal = new HashMap<>();
        signalOffset = BigInteger.ZERO;
      }
    }
  }

  public R1cs r1cs() {
    return r1cs;
  }

  public ConstraintReport report() {
    return report;
  }

  /** The integer model the circuit computes: its reference inference and units. */
  public FixedPointModel fixedPoint() {
    return fixedPoint;
  }

  /**
   * The witness for one window (a row of the features tensor, e.g. 60·8 values).
   *
   * @throws VeriRegimeException when a value of this window leaves the calibrated ranges
   */
  public Witness witness(float[] window) {
    long[] input = fixedPoint.quantiseInput(window);
    BigInteger[] inputs = new BigInteger[input.length];
    long limit = 1L << fixedPoint.inputMagnitudeBits();
    for (int i = 0; i < input.length; i++) {
      if (Math.abs(input[i]) >= limit) {
        throw new VeriRegimeException("Input " + i + " of this window is " + window[i] + ", beyond the range ±2^"
            + (fixedPoint.inputMagnitudeBits() - fixedPoint.options().fractionBits())
            + " the circuit was calibrated for. Fix: compile the circuit with this window among its calibration "
            + "windows, or with more headroom bits.");
      }
      inputs[i] = BigInteger.valueOf(input[i]);
    }
    BigInteger[] given = inputs;
    if (packing != null) {
      BigInteger[] packed = packing.pack(input);
      given = new BigInteger[packed.length + inputs.length];
      System.arraycopy(packed, 0, given, 0, packed.length);
      System.arraycopy(inputs, 0, given, packed.length, inputs.length);
    }
    BigInteger[] wires;
    try {
      wires = circuit.witness(given);
    } catch (Gadgets.OutOfRange e) {
      throw new VeriRegimeException("This window leaves the ranges the circuit was calibrated for: " + e.getMessage()
          + ". Fix: compile the circuit with this window among its calibration windows, or with more headroom bits.");
    }
    long[] logits = new long[fixedPoint.classCount()];
    double[] floatLogits = new double[logits.length];
    for (int o = 0; o < logits.length; o++) {
      logits[o] = Field.toSigned(wires[circuit.output(o)]).longValueExact();
      floatLogits[o] = logits[o] * fixedPoint.output().unit();
    }
    return new Witness(wires, logits, floatLogits);
  }

  private static int activate(CircuitBuilder circuit, FixedPointModel.Hidden layer, LinearCombination accumulator,
                              Supplier<String> what) {
    return switch (layer.activation()) {
      case SQUARE -> Gadgets.truncate(circuit, LinearCombination.wire(Gadgets.square(circuit, accumulator)),
          layer.shift(), layer.magnitudeBits(), false, what);
      case POLY -> Gadgets.truncate(circuit, Gadgets.polynomial(circuit, accumulator, layer.horner()),
          layer.shift(), layer.magnitudeBits(), true, what);
      case RELU -> Gadgets.relu(circuit, accumulator, layer.shift(), layer.magnitudeBits(), what);
    };
  }

  /** Bits each neuron's truncation decomposes: shift + magnitude, plus a sign bit where the value is signed. */
  private static int rangeBits(FixedPointModel.Hidden layer) {
    return layer.shift() + layer.magnitudeBits() + (layer.activation() == FixedPointModel.Activation.SQUARE ? 0 : 1);
  }

  /** bias + Σ weightᵢ·activationᵢ, the activations being wires: free, it only feeds the next multiplication. */
  private static LinearCombination weightedSum(long[] weights, long bias, int[] activations) {
    Map<Integer, BigInteger> terms = new HashMap<>();
    terms.put(R1cs.ONE, BigInteger.valueOf(bias));
    for (int i = 0; i < weights.length; i++) {
      terms.merge(activations[i], BigInteger.valueOf(weights[i]), BigInteger::add);
    }
    return LinearCombination.of(terms);
  }

  private static Supplier<String> neuron(ModelDefinition model, FixedPointModel.Hidden layer, int neuron) {
    return () -> "layer " + layer.activationIndex() + " (" + model.layers().get(layer.activationIndex()).type()
        + "), neuron " + neuron + ",";
  }
}
