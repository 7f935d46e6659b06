package io.veriregime.runtime.onnx;

import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The test oracle: a model built from seeded random weights, written as a model directory per
 * DEVELOPERS.md "Models", with a plain double-precision forward pass written out loop by loop
 * (batch norm applied as such, not folded) to compute the expected {@code test.logits.npy}.
 */
public final class ReferenceModel {

  /** One sample's activations: per-sample shape (no batch axis) and row-major values. */
  record Tensor(int[] shape, double[] data) {}

  interface RefLayer {
    /** Writes the layer's weights under {@code dir} and returns its model.json entry. */
    Map<String, Object> write(Path dir);

    Tensor forward(Tensor x);
  }

  private final String kind;
  private final Random random;
  private final List<RefLayer> layers = new ArrayList<>();

  ReferenceModel(String kind, long seed) {
    this.kind = kind;
    this.random = new Random(seed);
  }

  /** flatten → (linear, activation) per hidden width → linear to the 3 logits, as the distilled student. */
  public static ReferenceModel student(long seed, String activation, int... hidden) {
    ReferenceModel model = new ReferenceModel("mlp", seed);
    model.add(model.flatten());
    int in = 60 * 8;
    for (int i = 0; i < hidden.length; i++) {
      model.add(model.linear("fc" + i, in, hidden[i])).add(model.activation(activation));
      in = hidden[i];
    }
    return model.add(model.linear("out", in, 3));
  }

  /** The contract's teacher: transpose, 2 × (conv1d, batchnorm, relu, maxpool 2), global average pool, linear. */
  public static ReferenceModel teacher(long seed, int filters0, int filters1) {
    ReferenceModel model = new ReferenceModel("cnn1d", seed);
    return model.add(model.transpose())
        .add(model.conv1d("conv0", 8, filters0, 5, 2)).add(model.batchNorm("bn0", filters0)).add(model.relu())
        .add(model.maxPool1d(2))
        .add(model.conv1d("conv1", filters0, filters1, 3, 1)).add(model.batchNorm("bn1", filters1)).add(model.relu())
        .add(model.maxPool1d(2))
        .add(model.globalAvgPool1d())
        .add(model.linear("fc", filters1, 3));
  }

  RefLayer activation(String activation) {
    return switch (activation) {
      case "square" -> square();
      case "poly" -> poly(0.12f, 0.98f);
      case "relu" -> relu();
      default -> throw new IllegalArgumentException(activation);
    };
  }

  ReferenceModel add(RefLayer layer) {
    layers.add(layer);
    return this;
  }

  /** Writes model.json, weights/ and test.logits.npy (the oracle's logits on {@code features}). */
  public Path writeModelDir(Path dir, Npy.FloatArray features) {
    List<Map<String, Object>> entries = new ArrayList<>();
    for (RefLayer layer : layers) {
      entries.add(layer.write(dir));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", kind);
    json.put("input", List.of(60, 8));
    json.put("classes", List.of("SELL", "HOLD", "BUY"));
    json.put("layers", entries);
    JsonFiles.write(dir.resolve("model.json"), json);
    int samples = features.shape()[0];
    float[] logits = new float[samples * 3];
    for (int s = 0; s < samples; s++) {
      double[] out = forward(features, s).data();
      for (int c = 0; c < 3; c++) {
        logits[s * 3 + c] = (float) out[c];
      }
    }
    Npy.writeFloat(dir.resolve("test.logits.npy"), new int[] {samples, 3}, logits);
    return dir;
  }

  Tensor forward(Npy.FloatArray features, int sample) {
    int size = 60 * 8;
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = features.data()[sample * size + i];
    }
    Tensor t = new Tensor(new int[] {60, 8}, x);
    for (RefLayer layer : layers) {
      t = layer.forward(t);
    }
    return t;
  }

  public static Npy.FloatArray writeFeatures(Path file, int samples, long seed) {
    Random random = new Random(seed);
    float[] data = new float[samples * 60 * 8];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    Npy.writeFloat(file, new int[] {samples, 60, 8}, data);
    return Npy.readFloat(file);
  }

  // ---- weights

  /** float32 values (as stored) drawn from N(0, scale²). */
  float[] gaussian(int n, double scale) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * scale);
    }
    return values;
  }

  float[] uniform(int n, double low, double high) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (low + random.nextDouble() * (high - low));
    }
    return values;
  }

  private static String writeWeight(Path dir, String name, int[] shape, float[] data) {
    String file = "weights/" + name + ".npy";
    Npy.writeFloat(dir.resolve(file), shape, data);
    return file;
  }

  // ---- layers

  RefLayer flatten() {
    return simple("flatten", x -> new Tensor(new int[] {x.data().length}, x.data()));
  }

  RefLayer square() {
    return elementwise("square", v -> v * v);
  }

  RefLayer relu() {
    return elementwise("relu", v -> Math.max(0, v));
  }

  RefLayer poly(float a, float b) {
    return new RefLayer() {
      public Map<String, Object> write(Path dir) {
        return Map.of("type", "poly", "a", a, "b", b);
      }

      public Tensor forward(Tensor x) {
        double[] y = new double[x.data().length];
        for (int i = 0; i < y.length; i++) {
          y[i] = (double) a * x.data()[i] * x.data()[i] + (double) b * x.data()[i];
        }
        return new Tensor(x.shape(), y);
      }
    };
  }

  RefLayer linear(String name, int in, int out) {
    float[] weight = gaussian(out * in, 1 / Math.sqrt(in));
    float[] bias = gaussian(out, 0.1);
    return new RefLayer() {
      public Map<String, Object> write(Path dir) {
        return Map.of("type", "linear",
            "weight", writeWeight(dir, name + ".weight", new int[] {out, in}, weight),
            "bias", writeWeight(dir, name + ".bias", new int[] {out}, bias));
      }

      public Tensor forward(Tensor x) {
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
          double sum = bias[o];
          for (int i = 0; i < in; i++) {
            sum += (double) weight[o * in + i] * x.data()[i];
          }
          y[o] = sum;
        }
        return new Tensor(new int[] {out}, y);
      }
    };
  }

  /** (length, channels) → (channels, length), the teacher's {@code transpose [0, 2, 1]}. */
  RefLayer transpose() {
    return new RefLayer() {
      public Map<String, Object> write(Path dir) {
        return Map.of("type", "transpose", "perm", List.of(0, 2, 1));
      }

      public Tensor forward(Tensor x) {
        int rows = x.shape()[0];
        int cols = x.shape()[1];
        double[] y = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < cols; c++) {
            y[c * rows + r] = x.data()[r * cols + c];
          }
        }
        return new Tensor(new int[] {cols, rows}, y);
      }
    };
  }

  RefLayer conv1d(String name, int in, int out, int kernel, int padding) {
    float[] weight = gaussian(out * in * kernel, 1 / Math.sqrt(in * kernel));
    float[] bias = gaussian(out, 0.1);
    return new RefLayer() {
      public Map<String, Object> write(Path dir) {
        return Map.of("type", "conv1d", "padding", padding, "stride", 1,
            "weight", writeWeight(dir, name + ".weight", new int[] {out, in, kernel}, weight),
            "bias", writeWeight(dir, name + ".bias", new int[] {out}, bias));
      }

      public Tensor forward(Tensor x) {
        int length = x.shape()[1];
        int outLength = length + 2 * padding - kernel + 1;
        double[] y = new double[out * outLength];
        for (int o = 0; o < out; o++) {
          for (int t = 0; t < outLength; t++) {
            double sum = bias[o];
            for (int c = 0; c < in; c++) {
              for (int k = 0; k < kernel; k++) {
                int position = t + k - padding;
                if (position >= 0 && position < length) {
                  sum += (double) weight[(o * in + c) * kernel + k] * x.data()[c * length + position];
                }
              }
            }
            y[o * outLength + t] = sum;
          }
        }
        return new Tensor(new int[] {out, outLength}, y);
      }
    };
  }

  RefLayer batchNorm(String name, int channels) {
    float[] gamma = uniform(channels, 0.5, 1.5);
    float[] beta = gaussian(channels, 0.1);
    float[] mean = gaussian(channels, 0.2);
    float[] variance = uniform(channels, 0.5, 2.0);
    double eps = 1e-5;
    return new RefLayer() {
      public Map<String, Object> write(Path dir) {
        int[] shape = {channels};
        return Map.of("type", "batchnorm", "eps", eps,
            "gamma", writeWeight(dir, name + ".gamma", shape, gamma),
            "beta", writeWeight(dir, name + ".beta", shape, beta),
            "mean", writeWeight(dir, name + ".runningMean", shape, mean),
            "var", writeWeight(dir, name + ".runningVar", shape, variance));
      }

      public Tensor forward(Tensor x) {
        int length = x.shape()[1];
        double[] y = new double[x.data().length];
        for (int c = 0; c < channels; c++) {
          for (int t = 0; t < length; t++) {
            double normalised = (x.data()[c * length + t] - mean[c]) / Math.sqrt(variance[c] + eps);
            y[c * length + t] = normalised * gamma[c] + beta[c];
          }
        }
        return new Tensor(x.shape(), y);
      }
    };
  }

  RefLayer maxPool1d(int kernel) {
    return new RefLayer() {
      public Map<String, Object> write(Path dir) {
        return Map.of("type", "maxpool1d", "kernel", kernel, "stride", kernel);
      }

      public Tensor forward(Tensor x) {
        int channels = x.shape()[0];
        int length = x.shape()[1];
        int outLength = length / kernel;
        double[] y = new double[channels * outLength];
        for (int c = 0; c < channels; c++) {
          for (int t = 0; t < outLength; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < kernel; k++) {
              max = Math.max(max, x.data()[c * length + t * kernel + k]);
            }
            y[c * outLength + t] = max;
          }
        }
        return new Tensor(new int[] {channels, outLength}, y);
      }
    };
  }

  RefLayer globalAvgPool1d() {
    return simple("globalavgpool1d", x -> {
      int channels = x.shape()[0];
      int length = x.shape()[1];
      double[] y = new double[channels];
      for (int c = 0; c < channels; c++) {
        for (int t = 0; t < length; t++) {
          y[c] += x.data()[c * length + t] / length;
        }
      }
      return new Tensor(new int[] {channels}, y);
    });
  }

  private static RefLayer elementwise(String type, java.util.function.DoubleUnaryOperator f) {
    return simple(type, x -> new Tensor(x.shape(), java.util.Arrays.stream(x.data()).map(f).toArray()));
  }

  private static RefLayer simple(String type, java.util.function.UnaryOperator<Tensor> f) {
    return new RefLayer() {
      public Map<String, Object> write(Path dir) {
        return Map.of("type", type);
      }

      public Tensor forward(Tensor x) {
        return f.apply(x);
      }
    };
  }
}
