package io.veriregime.runtime.model;

import java.util.Arrays;
import java.util.List;

/**
 * One layer of a model directory's {@code model.json} (DEVELOPERS.md "Models"), with its weights
 * loaded. Shapes are PyTorch's: {@code linear} weight {@code (out, in)}, {@code conv1d} weight
 * {@code (out_channels, in_channels, kernel)}. {@link ModelJson} reads and writes every layer type.
 */
public sealed interface Layer {

  /** The layer's {@code type} as written in {@code model.json}; used in messages. */
  String type();

  /** The tensors this layer reads from {@code weights/}. */
  default List<Weight> weights() {
    return List.of();
  }

  record Flatten() implements Layer {
    public String type() { return "flatten"; }
  }

  /** @param quantisation how the weights are to be quantised, or null for none */
  record Linear(Weight weight, Weight bias, Quantisation quantisation) implements Layer {
    public Linear(Weight weight, Weight bias) {
      this(weight, bias, null);
    }

    public String type() { return "linear"; }

    @Override
    public List<Weight> weights() { return List.of(weight, bias); }
  }

  record Square() implements Layer {
    public String type() { return "square"; }
  }

  /**
   * A polynomial activation with learnt coefficients in ascending powers: c₀ + c₁·x + c₂·x² + …
   * (at least up to x², so that a and b always exist). The students of distill learn a·x² + b·x,
   * which model.json writes as {@code "a"} and {@code "b"}.
   */
  record Poly(List<Double> coefficients) implements Layer {
    public Poly {
      coefficients = List.copyOf(coefficients);
      if (coefficients.size() < 3) {
        throw new IllegalArgumentException("a poly layer needs the coefficients of x⁰, x¹ and x², got "
            + coefficients);
      }
    }

    /** a·x² + b·x. */
    public static Poly of(double a, double b) {
      return new Poly(List.of(0.0, b, a));
    }

    public String type() { return "poly"; }

    /** The coefficient of x². */
    public double a() { return coefficients.get(2); }

    /** The coefficient of x. */
    public double b() { return coefficients.get(1); }

    /** The constant term. */
    public double c() { return coefficients.get(0); }

    public int degree() { return coefficients.size() - 1; }
  }

  record Relu() implements Layer {
    public String type() { return "relu"; }
  }

  /** Permutation of all axes including the batch axis, e.g. {@code [0, 2, 1]}. */
  record Transpose(List<Integer> perm) implements Layer {
    public Transpose {
      perm = List.copyOf(perm);
    }

    public String type() { return "transpose"; }
  }

  /** @param quantisation how the weights are to be quantised, or null for none */
  record Conv1d(Weight weight, Weight bias, int padding, int stride, Quantisation quantisation) implements Layer {
    public Conv1d(Weight weight, Weight bias, int padding, int stride) {
      this(weight, bias, padding, stride, null);
    }

    public String type() { return "conv1d"; }

    @Override
    public List<Weight> weights() { return List.of(weight, bias); }
  }

  record BatchNorm(Weight gamma, Weight beta, Weight mean, Weight variance, double eps) implements Layer {
    public String type() { return "batchnorm"; }

    @Override
    public List<Weight> weights() { return List.of(gamma, beta, mean, variance); }
  }

  record MaxPool1d(int kernel, int stride) implements Layer {
    public String type() { return "maxpool1d"; }
  }

  record GlobalAvgPool1d() implements Layer {
    public String type() { return "globalavgpool1d"; }
  }

  /** Fixed-point quantisation of a layer's weights: {@code bits} wide, value = integer × {@code scale}. */
  record Quantisation(int bits, double scale) {
    public Quantisation {
      if (bits < 1 || !(scale > 0)) {
        throw new IllegalArgumentException("quantisation needs bits >= 1 and a positive scale, got " + bits
            + " bits, scale " + scale);
      }
    }
  }

  /**
   * A float32 tensor in {@code weights/*.npy}; {@code file} is as written in model.json. Equal by
   * content (not array identity), so a model read back equals the one written.
   */
  record Weight(String file, int[] shape, float[] data) {

    /** The tensor written as {@code weights/<stem>.npy}, e.g. stem {@code fc0.weight}. */
    public static Weight of(String stem, int[] shape, float[] data) {
      return new Weight(ModelFiles.weightReference(stem), shape, data);
    }

    public int dim(int axis) { return shape[axis]; }

    public int rank() { return shape.length; }

    @Override
    public boolean equals(Object other) {
      return other instanceof Weight weight && file.equals(weight.file) && Arrays.equals(shape, weight.shape)
          && Arrays.equals(data, weight.data);
    }

    @Override
    public int hashCode() {
      return 31 * (31 * file.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Weight[" + file + " " + Arrays.toString(shape) + "]";
    }
  }
}
