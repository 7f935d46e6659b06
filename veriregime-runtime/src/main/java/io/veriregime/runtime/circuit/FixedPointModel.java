package io.veriregime.runtime.circuit;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A student MLP in integer arithmetic (DEVELOPERS.md, "The circuit compiler"): the integers the
 * circuit works with (weights, biases, polynomial coefficients, shifts, range widths) and a plain
 * integer inference over them, the reference the circuit's witness must equal exactly.
 *
 * <p>Inputs are integers at 2^−s. A linear layer's weights are integers on its quantisation grid
 * (or at 2^−s without one), so its accumulator is exact at unit = (input unit)·(grid); its bias is
 * rounded to that unit. The activation works on the exact accumulator, and one truncation by
 * 2^shift brings the product back to a unit in (2^−(s+1), 2^−s], the largest shift that does so:
 * only powers of two are dropped, so a grid that is not a power of two needs no rescaling constant
 * (its factor stays in the unit, which the next layer's unit and finally the logits carry). The
 * last linear layer's exact accumulators are the logits.
 */
public final class FixedPointModel {

  /** What the hidden layer's activation computes on the accumulator, before the truncation. */
  enum Activation { SQUARE, POLY, RELU }

  /**
   * A linear layer and the activation after it.
   *
   * @param horner        poly only: the integer coefficients C₀…C_d of p/|c_d| in the accumulator's unit
   * @param magnitudeBits activations (for a ReLU: its truncated input) stay below 2^magnitudeBits in
   *                      absolute value (calibrated)
   * @param unit          the real value of one unit of this layer's activations
   */
  record Hidden(int linearIndex, int activationIndex, Activation activation, long[][] weights, long[] bias,
                BigInteger[] horner, int shift, int magnitudeBits, double unit) {}

  /** The last linear layer: its accumulators are the logits, one unit worth {@code unit}. */
  record Output(int linearIndex, long[][] weights, long[] bias, double unit) {}

  /** One inference: the quantised input, every hidden layer's activations, the logits and their real values. */
  public record Inference(long[] input, List<long[]> activations, long[] logits, double[] floatLogits) {}

  private final FixedPointOptions options;
  private final int inputs;
  private final int inputMagnitudeBits;
  private final List<Hidden> hidden;
  private final Output output;

  private FixedPointModel(FixedPointOptions options, int inputs, int inputMagnitudeBits, List<Hidden> hidden,
                          Output output) {
    this.options = options;
    this.inputs = inputs;
    this.inputMagnitudeBits = inputMagnitudeBits;
    this.hidden = List.copyOf(hidden);
    this.output = output;
  }

  /**
   * The integer model of a student, with range widths calibrated on real windows.
   *
   * @param modelDir    where the model was read from, for messages
   * @param calibration windows {@code (N, …)} whose largest activations, times 2^headroomBits, the
   *                    range checks must hold
   */
  public static FixedPointModel of(ModelDefinition model, Path modelDir, FixedPointOptions options,
                                   Npy.FloatArray calibration) {
    if (calibration.rows() == 0) {
      throw new IllegalArgumentException("calibration needs at least one window");
    }
    return new Planner(model, modelDir, options).plan(calibration);
  }

  public FixedPointOptions options() {
    return options;
  }

  /** Elements of one window, as the circuit's public inputs take them. */
  public int inputCount() {
    return inputs;
  }

  public int classCount() {
    return output.bias().length;
  }

  /** The real value of one unit of the logits: a proof's output signal (signed) times this is the logit it proves. */
  public double outputUnit() {
    return output.unit();
  }

  /** The input integers: round(x·2^s) for each feature, row-major. */
  public long[] quantiseInput(float[] window) {
    if (window.length != inputs) {
      throw new IllegalArgumentException("a window has " + inputs + " values, got " + window.length);
    }
    return quantise(window, options.fractionBits());
  }

  private static long[] quantise(float[] window, int fractionBits) {
    long[] quantised = new long[window.length];
    for (int i = 0; i < window.length; i++) {
      quantised[i] = Math.round(Math.scalb((double) window[i], fractionBits));
    }
    return quantised;
  }

  /** Integer inference of one window; independent of the circuit, equal to its witness. */
  public Inference infer(float[] window) {
    long[] input = quantiseInput(window);
    List<long[]> activations = new ArrayList<>();
    long[] activation = input;
    for (Hidden layer : hidden) {
      long[] next = new long[layer.bias().length];
      for (int o = 0; o < next.length; o++) {
        next[o] = activateAndTruncate(layer.activation(), layer.horner(), layer.shift(),
            accumulate(layer.weights()[o], layer.bias()[o], activation));
      }
      activations.add(next);
      activation = next;
    }
    long[] logits = new long[output.bias().length];
    double[] floatLogits = new double[logits.length];
    for (int o = 0; o < logits.length; o++) {
      logits[o] = accumulate(output.weights()[o], output.bias()[o], activation);
      floatLogits[o] = logits[o] * output.unit();
    }
    return new Inference(input, activations, logits, floatLogits);
  }

  List<Hidden> hidden() {
    return hidden;
  }

  Output output() {
    return output;
  }

  int inputMagnitudeBits() {
    return inputMagnitudeBits;
  }

  static long accumulate(long[] weights, long bias, long[] activation) {
    long sum = bias;
    for (int i = 0; i < weights.length; i++) {
      sum = Math.addExact(sum, Math.multiplyExact(weights[i], activation[i]));
    }
    return sum;
  }

  /** A hidden neuron's output: the activation on its accumulator, truncated by 2^shift (floor). */
  private static long activateAndTruncate(Activation activation, BigInteger[] horner, int shift, long accumulator) {
    BigInteger y = BigInteger.valueOf(accumulator);
    BigInteger product = switch (activation) {
      case SQUARE -> y.multiply(y);
      case RELU -> y.max(BigInteger.ZERO);
      case POLY -> {
        BigInteger[] c = horner;
        BigInteger h = c[c.length - 1];
        for (int i = c.length - 2; i >= 0; i--) {
          h = c[i].add(y.multiply(h));
        }
        yield h;
      }
    };
    return product.shiftRight(shift).longValueExact();
  }

  /**
   * A truncation's decomposition is unique only while every value it can meet stays far below the
   * field's size: bounds the activation from the previous layer's range and this layer's integers.
   */
  private static void checkNoWrapAround(Hidden layer, int previousBits, ModelDefinition model, Path modelDir,
                                        FixedPointOptions options) {
    BigInteger largestAccumulator = BigInteger.ZERO;
    for (int o = 0; o < layer.bias().length; o++) {
      BigInteger sum = BigInteger.valueOf(Math.abs(layer.bias()[o]));
      for (long w : layer.weights()[o]) {
        sum = sum.add(BigInteger.valueOf(Math.abs(w)).shiftLeft(previousBits));
      }
      largestAccumulator = largestAccumulator.max(sum);
    }
    BigInteger bound = switch (layer.activation()) {
      case SQUARE -> largestAccumulator.pow(2);
      case RELU -> largestAccumulator;
      case POLY -> {
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < layer.horner().length; i++) {
          sum = sum.add(layer.horner()[i].abs().multiply(largestAccumulator.pow(i)));
        }
        yield sum;
      }
    };
    int width = layer.shift() + layer.magnitudeBits() + 1;
    if (bound.bitLength() > MAX_VALUE_BITS || width > MAX_VALUE_BITS || layer.magnitudeBits() > 62) {
      throw model.layerError(modelDir, layer.activationIndex(), "with " + options.fractionBits()
              + " fraction bits its values can reach 2^" + bound.bitLength() + " (range checks of " + width
              + " bits), beyond what BN254's 254-bit field holds without wrapping",
          "compile with fewer fraction bits or less headroom, or quantise the layer before it to fewer bits");
    }
  }

  /** Values stay below 2^250, far from r ≈ 2^253.6, so x + offset never wraps. */
  private static final int MAX_VALUE_BITS = 250;

  private static long largestMagnitude(long[][] values) {
    long largest = 0;
    for (long[] row : values) {
      for (long v : row) {
        largest = Math.max(largest, Math.abs(v));
      }
    }
    return largest;
  }

  /** Turns the model's layers into integers, units and calibrated range widths. */
  private static final class Planner {
    private final ModelDefinition model;
    private final Path modelDir;
    private final FixedPointOptions options;
    private final double activationUnit;

    Planner(ModelDefinition model, Path modelDir, FixedPointOptions options) {
      this.model = model;
      this.modelDir = modelDir;
      this.options = options;
      this.activationUnit = Math.scalb(1.0, -options.fractionBits());
    }

    /**
     * Layer by layer: the integers, then the calibration windows' values through them, whose
     * largest magnitude (times 2^headroomBits) sets the range checks and a polynomial's coefficient unit.
     */
    FixedPointModel plan(Npy.FloatArray calibration) {
      List<Layer> layers = model.layers();
      if (layers.isEmpty()) {
        throw ModelDefinition.problem(modelDir, "it has no layers", "re-run the stage that wrote this model");
      }
      int inputs = model.input().stream().reduce(1, Math::multiplyExact);
      if (calibration.rowSize() != inputs) {
        throw new IllegalArgumentException("calibration windows have " + calibration.rowSize() + " values, the model takes "
            + inputs);
      }
      long[][] values = new long[calibration.rows()][];
      for (int row = 0; row < values.length; row++) {
        values[row] = quantise(Arrays.copyOfRange(calibration.data(), row * inputs, (row + 1) * inputs),
            options.fractionBits());
      }
      int inputBits = bitsFor(largestMagnitude(values));
      int previousBits = inputBits;
      int index = layers.get(0) instanceof Layer.Flatten ? 1 : 0;
      List<Hidden> hidden = new ArrayList<>();
      double unit = activationUnit;
      int width = inputs;
      while (true) {
        if (index >= layers.size() || !(layers.get(index) instanceof Layer.Linear linear)) {
          throw unsupported(Math.min(index, layers.size() - 1));
        }
        checkInputWidth(index, linear, width);
        double grid = linear.quantisation() == null ? activationUnit : linear.quantisation().scale();
        long[][] weights = weights(index, linear, grid);
        double accumulatorUnit = unit * grid;
        long[] bias = bias(linear, accumulatorUnit);
        if (index == layers.size() - 1) {
          return new FixedPointModel(options, inputs, inputBits, hidden, new Output(index, weights, bias, accumulatorUnit));
        }
        long[][] accumulators = new long[values.length][bias.length];
        for (int row = 0; row < values.length; row++) {
          for (int o = 0; o < bias.length; o++) {
            accumulators[row][o] = accumulate(weights[o], bias[o], values[row]);
          }
        }
        Layer next = layers.get(index + 1);
        Activation activation = activation(next, index + 1);
        BigInteger[] horner = activation == Activation.POLY ? horner(index + 1, (Layer.Poly) next, accumulatorUnit) : null;
        double productUnit = switch (activation) {
          case SQUARE -> accumulatorUnit * accumulatorUnit;
          case RELU -> accumulatorUnit;
          case POLY -> Math.pow(accumulatorUnit, horner.length - 1) * Math.abs(topCoefficient((Layer.Poly) next));
        };
        int shift = Math.max(0, Math.getExponent(activationUnit / productUnit));
        unit = Math.scalb(productUnit, shift);
        // a ReLU range-checks its input, negative or not: the truncated accumulator, not its output
        long largest = activation == Activation.RELU ? -Math.floorDiv(-largestMagnitude(accumulators), 1L << shift) : 0;
        for (int row = 0; row < values.length; row++) {
          values[row] = new long[bias.length];
          for (int o = 0; o < bias.length; o++) {
            values[row][o] = activateAndTruncate(activation, horner, shift, accumulators[row][o]);
          }
        }
        Hidden layer = new Hidden(index, index + 1, activation, weights, bias, horner, shift,
            bitsFor(Math.max(largest, largestMagnitude(values))), unit);
        checkNoWrapAround(layer, previousBits, model, modelDir, options);
        hidden.add(layer);
        previousBits = layer.magnitudeBits();
        width = weights.length;
        index += 2;
      }
    }

    /** Bits for magnitudes up to {@code largest} times 2^headroomBits. */
    private int bitsFor(long largest) {
      return 64 - Long.numberOfLeadingZeros(largest) + options.headroomBits();
    }

    private Activation activation(Layer layer, int index) {
      if (layer instanceof Layer.Square) {
        return Activation.SQUARE;
      }
      if (layer instanceof Layer.Relu) {
        return Activation.RELU;
      }
      if (layer instanceof Layer.Poly poly && poly.degree() <= 3) {
        return Activation.POLY;
      }
      throw unsupported(index);
    }

    /**
     * p(y) = |c_d|·(±y^d + Σ C_i·y^i) with C_i = round(c_i / (|c_d|·u^(d−i))) for an accumulator at
     * unit u: the top coefficient becomes the exact integer ±1 and its magnitude goes into the unit
     * (as a grid does), so Horner's steps stay integers, the other coefficients are rounded to units
     * far below the output's, and the truncation drops no bits that only carried a coefficient's
     * fraction. Zero top coefficients are dropped first (a·x² + b·x with a = 0 is linear).
     */
    private BigInteger[] horner(int index, Layer.Poly poly, double accumulatorUnit) {
      int degree = degree(poly);
      if (degree < 1) {
        throw model.layerError(modelDir, index, "all its coefficients above x⁰ are 0, so it outputs a constant",
            "train the student again; a constant activation carries nothing to the next layer");
      }
      double top = topCoefficient(poly);
      BigInteger[] coefficients = new BigInteger[degree + 1];
      for (int i = 0; i <= degree; i++) {
        double unit = Math.pow(accumulatorUnit, degree - i) * Math.abs(top);
        coefficients[i] = new BigDecimal(poly.coefficients().get(i) / unit).setScale(0, RoundingMode.HALF_EVEN)
            .toBigIntegerExact();
      }
      return coefficients;
    }

    /** The degree once zero top coefficients are dropped. */
    private static int degree(Layer.Poly poly) {
      int degree = poly.degree();
      while (degree > 0 && poly.coefficients().get(degree) == 0) {
        degree--;
      }
      return degree;
    }

    private static double topCoefficient(Layer.Poly poly) {
      return poly.coefficients().get(degree(poly));
    }

    private long[][] weights(int index, Layer.Linear linear, double grid) {
      int out = linear.weight().dim(0);
      int in = linear.weight().dim(1);
      long largest = linear.quantisation() == null ? Long.MAX_VALUE : (1L << (linear.quantisation().bits() - 1)) - 1;
      long[][] weights = new long[out][in];
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          double w = linear.weight().data()[o * in + i];
          double onGrid = w / grid;
          weights[o][i] = Math.round(onGrid);
          if (linear.quantisation() != null && (Math.abs(onGrid - weights[o][i]) > 1e-3 || Math.abs(weights[o][i]) > largest)) {
            throw model.layerError(modelDir, index, "weight [" + o + ", " + i + "] = " + w + " is not one of the "
                    + linear.quantisation().bits() + "-bit integers times the scale " + linear.quantisation().scale()
                    + " (it is " + onGrid + " times the scale)",
                "re-run optimize so the weights are written on the grid their quantisation names");
          }
        }
      }
      return weights;
    }

    private static long[] bias(Layer.Linear linear, double accumulatorUnit) {
      float[] values = linear.bias().data();
      long[] bias = new long[values.length];
      for (int o = 0; o < values.length; o++) {
        bias[o] = Math.round(values[o] / accumulatorUnit);
      }
      return bias;
    }

    private void checkInputWidth(int index, Layer.Linear linear, int width) {
      if (linear.weight().rank() != 2 || linear.weight().dim(1) != width || linear.bias().data().length != linear.weight().dim(0)) {
        throw model.layerError(modelDir, index, "its weight has shape " + Arrays.toString(linear.weight().shape())
            + " and bias " + linear.bias().data().length + " values, but " + width + " values reach it",
            "re-run the stage that wrote this model");
      }
    }

    private VeriRegimeException unsupported(int index) {
      return model.layerError(modelDir, index, "the circuit compiler takes a student of the form flatten?, "
              + "(linear, square | relu | poly of degree ≤ 3)*, linear",
          "prove this model with the EZKL backend (zk.backend: ezkl), or train a student of that form");
    }
  }
}
