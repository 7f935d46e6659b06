package io.veriregime.runtime.zk;

import io.veriregime.runtime.artifact.JsonFiles;
import io.veriregime.runtime.artifact.Npy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Small model directories (DEVELOPERS.md "Models") for proving tests, with seeded weights and
 * {@code test.logits.npy} computed by a plain double-precision forward pass on the real test
 * features, so the circuit's outputs can be compared with an independent float model.
 */
final class TinyModels {

  private TinyModels() {}

  /**
   * An MLP student {@code window·features → hidden → 3} with x², written to {@code dir}.
   *
   * @param weightScale multiplies the 1/√fan-in initialisation (large values make x² overflow EZKL's lookups)
   */
  static Path student(Path dir, Npy.FloatArray test, int hidden, double weightScale, long seed) {
    Random random = new Random(seed);
    int inputs = test.rowSize();
    float[] w0 = weights(random, hidden * inputs, weightScale / Math.sqrt(inputs));
    float[] b0 = weights(random, hidden, 0.1);
    float[] w1 = weights(random, 3 * hidden, weightScale / Math.sqrt(hidden));
    float[] b1 = weights(random, 3, 0.1);
    Npy.writeFloat(dir.resolve("weights/fc0.weight.npy"), new int[] {hidden, inputs}, w0);
    Npy.writeFloat(dir.resolve("weights/fc0.bias.npy"), new int[] {hidden}, b0);
    Npy.writeFloat(dir.resolve("weights/out.weight.npy"), new int[] {3, hidden}, w1);
    Npy.writeFloat(dir.resolve("weights/out.bias.npy"), new int[] {3}, b1);
    writeModelJson(dir, "mlp", test, List.of(
        Map.of("type", "flatten"),
        Map.of("type", "linear", "weight", "weights/fc0.weight.npy", "bias", "weights/fc0.bias.npy"),
        Map.of("type", "square"),
        Map.of("type", "linear", "weight", "weights/out.weight.npy", "bias", "weights/out.bias.npy")));
    float[] logits = new float[test.rows() * 3];
    for (int s = 0; s < test.rows(); s++) {
      double[] hiddenOut = linear(w0, b0, row(test, s), hidden);
      for (int i = 0; i < hidden; i++) {
        hiddenOut[i] *= hiddenOut[i];
      }
      copy(linear(w1, b1, hiddenOut, 3), logits, s);
    }
    Npy.writeFloat(dir.resolve("test.logits.npy"), new int[] {test.rows(), 3}, logits);
    return dir;
  }

  /**
   * A CNN teacher: transpose → Conv1d(features→channels, k3, pad 1) → BatchNorm → ReLU →
   * MaxPool(2) → global average pool → Linear(channels→3).
   */
  static Path teacher(Path dir, Npy.FloatArray test, int channels, long seed) {
    Random random = new Random(seed);
    int window = test.shape()[1];
    int features = test.shape()[2];
    int kernel = 3;
    float[] conv = weights(random, channels * features * kernel, 1 / Math.sqrt(features * kernel));
    float[] convBias = weights(random, channels, 0.1);
    float[] gamma = positive(random, channels);
    float[] beta = weights(random, channels, 0.1);
    float[] mean = weights(random, channels, 0.1);
    float[] var = positive(random, channels);
    float[] fc = weights(random, 3 * channels, 1 / Math.sqrt(channels));
    float[] fcBias = weights(random, 3, 0.1);
    Npy.writeFloat(dir.resolve("weights/conv0.weight.npy"), new int[] {channels, features, kernel}, conv);
    Npy.writeFloat(dir.resolve("weights/conv0.bias.npy"), new int[] {channels}, convBias);
    Npy.writeFloat(dir.resolve("weights/bn0.gamma.npy"), new int[] {channels}, gamma);
    Npy.writeFloat(dir.resolve("weights/bn0.beta.npy"), new int[] {channels}, beta);
    Npy.writeFloat(dir.resolve("weights/bn0.runningMean.npy"), new int[] {channels}, mean);
    Npy.writeFloat(dir.resolve("weights/bn0.runningVar.npy"), new int[] {channels}, var);
    Npy.writeFloat(dir.resolve("weights/fc.weight.npy"), new int[] {3, channels}, fc);
    Npy.writeFloat(dir.resolve("weights/fc.bias.npy"), new int[] {3}, fcBias);
    writeModelJson(dir, "cnn1d", test, List.of(
        Map.of("type", "transpose", "perm", List.of(0, 2, 1)),
        Map.of("type", "conv1d", "weight", "weights/conv0.weight.npy", "bias", "weights/conv0.bias.npy", "padding", 1, "stride", 1),
        Map.of("type", "batchnorm", "gamma", "weights/bn0.gamma.npy", "beta", "weights/bn0.beta.npy",
            "mean", "weights/bn0.runningMean.npy", "var", "weights/bn0.runningVar.npy", "eps", 1e-5),
        Map.of("type", "relu"),
        Map.of("type", "maxpool1d", "kernel", 2, "stride", 2),
        Map.of("type", "globalavgpool1d"),
        Map.of("type", "linear", "weight", "weights/fc.weight.npy", "bias", "weights/fc.bias.npy")));
    float[] logits = new float[test.rows() * 3];
    int pooled = window / 2;
    for (int s = 0; s < test.rows(); s++) {
      double[] x = row(test, s); // (window, features), time-major
      double[] average = new double[channels];
      for (int c = 0; c < channels; c++) {
        double[] activation = new double[window];
        for (int t = 0; t < window; t++) {
          double sum = convBias[c];
          for (int f = 0; f < features; f++) {
            for (int k = 0; k < kernel; k++) {
              int at = t + k - 1;
              if (at >= 0 && at < window) {
                sum += conv[(c * features + f) * kernel + k] * x[at * features + f];
              }
            }
          }
          double normalised = (sum - mean[c]) / Math.sqrt(var[c] + 1e-5) * gamma[c] + beta[c];
          activation[t] = Math.max(0, normalised);
        }
        for (int p = 0; p < pooled; p++) {
          average[c] += Math.max(activation[2 * p], activation[2 * p + 1]) / pooled;
        }
      }
      copy(linear(fc, fcBias, average, 3), logits, s);
    }
    Npy.writeFloat(dir.resolve("test.logits.npy"), new int[] {test.rows(), 3}, logits);
    return dir;
  }

  private static void writeModelJson(Path dir, String kind, Npy.FloatArray test, List<Map<String, Object>> layers) {
    JsonFiles.write(dir.resolve("model.json"), Map.of("kind", kind, "input", List.of(test.shape()[1], test.shape()[2]),
        "classes", List.of("SELL", "HOLD", "BUY"), "layers", layers));
  }

  private static double[] linear(float[] weight, float[] bias, double[] x, int outputs) {
    double[] y = new double[outputs];
    for (int o = 0; o < outputs; o++) {
      double sum = bias[o];
      for (int i = 0; i < x.length; i++) {
        sum += weight[o * x.length + i] * x[i];
      }
      y[o] = sum;
    }
    return y;
  }

  private static double[] row(Npy.FloatArray tensor, int index) {
    double[] row = new double[tensor.rowSize()];
    for (int i = 0; i < row.length; i++) {
      row[i] = tensor.data()[index * row.length + i];
    }
    return row;
  }

  private static void copy(double[] values, float[] into, int sample) {
    for (int i = 0; i < values.length; i++) {
      into[sample * values.length + i] = (float) values[i];
    }
  }

  private static float[] weights(Random random, int count, double scale) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextGaussian() * scale);
    }
    return values;
  }

  private static float[] positive(Random random, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (0.5 + random.nextDouble());
    }
    return values;
  }
}
