package io.veriregime.runtime.onnx;

/**
 * One layer of a model directory's {@code model.json} (DEVELOPERS.md "Models"), with its weights
 * loaded. Shapes are PyTorch's: {@code linear} weight {@code (out, in)}, {@code conv1d} weight
 * {@code (out_channels, in_channels, kernel)}.
 */
sealed interface Layer {

  /** The layer's {@code type} as written in {@code model.json}; used in messages. */
  String type();

  record Flatten() implements Layer {
    public String type() { return "flatten"; }
  }

  record Linear(Weight weight, Weight bias) implements Layer {
    public String type() { return "linear"; }
  }

  record Square() implements Layer {
    public String type() { return "square"; }
  }

  /** a·x² + b·x with the learnt scalars. */
  record Poly(float a, float b) implements Layer {
    public String type() { return "poly"; }
  }

  record Relu() implements Layer {
    public String type() { return "relu"; }
  }

  /** Permutation of all axes including the batch axis, e.g. {@code [0, 2, 1]}. */
  record Transpose(int[] perm) implements Layer {
    public String type() { return "transpose"; }
  }

  record Conv1d(Weight weight, Weight bias, int padding, int stride) implements Layer {
    public String type() { return "conv1d"; }
  }

  record BatchNorm(Weight gamma, Weight beta, Weight mean, Weight variance, double eps) implements Layer {
    public String type() { return "batchnorm"; }
  }

  record MaxPool1d(int kernel, int stride) implements Layer {
    public String type() { return "maxpool1d"; }
  }

  record GlobalAvgPool1d() implements Layer {
    public String type() { return "globalavgpool1d"; }
  }

  /** A float32 tensor read from {@code weights/*.npy}; {@code file} is as written in model.json. */
  record Weight(String file, int[] shape, float[] data) {
    int dim(int axis) { return shape[axis]; }
    int rank() { return shape.length; }
  }
}
