package io.veriregime.runtime.zk;

import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Model directories (DEVELOPERS.md "Models") with seeded weights, for the proving tests and
 * {@code ProvingBenchmark}: the student MLP with x² activations and the Conv1d teacher, each with
 * {@code test.logits.npy} computed by a plain double-precision forward pass on the real test
 * features, so circuits can be compared with an independent float model. Proving cost depends on
 * the architecture, not on what the weights learnt.
 */
public final class SeededModels {

  private static final int CLASSES = 3;

  private SeededModels() {}

  /**
   * flatten → (linear → x²) per hidden size → linear to 3 classes.
   *
   * @param weightScale multiplies the 1/√fan-in initialisation (large values make x² overflow EZKL's lookups)
   */
  public static Path student(Path dir, Npy.FloatArray test, List<Integer> hidden, double weightScale, long seed) {
    Random random = new Random(seed);
    List<Map<String, Object>> layers = new ArrayList<>(List.of(Map.of("type", "flatten")));
    List<float[][]> parameters = new ArrayList<>();
    int inputs = test.rowSize();
    List<Integer> sizes = new ArrayList<>(hidden);
    sizes.add(CLASSES);
    for (int i = 0; i < sizes.size(); i++) {
      int outputs = sizes.get(i);
      String name = i == sizes.size() - 1 ? "out" : "fc" + i;
      float[] weight = gaussian(random, outputs * inputs, weightScale / Math.sqrt(inputs));
      float[] bias = gaussian(random, outputs, 0.1);
      layers.add(Map.of("type", "linear", "weight", write(dir, name + ".weight", weight, outputs, inputs),
          "bias", write(dir, name + ".bias", bias, outputs)));
      if (i < sizes.size() - 1) {
        layers.add(Map.of("type", "square"));
      }
      parameters.add(new float[][] {weight, bias});
      inputs = outputs;
    }
    writeModelJson(dir, "mlp", test, layers);
    writeLogits(dir, test, x -> {
      double[] activation = x;
      for (int i = 0; i < parameters.size(); i++) {
        activation = linear(parameters.get(i)[0], parameters.get(i)[1], activation, sizes.get(i));
        if (i < parameters.size() - 1) {
          for (int j = 0; j < activation.length; j++) {
            activation[j] *= activation[j];
          }
        }
      }
      return activation;
    });
    return dir;
  }

  /**
   * transpose → per block Conv1d(kernel k, padding k/2) → BatchNorm → ReLU → MaxPool(2) → global
   * average pool → linear to 3 classes. The design's teacher is channels [64, 128], kernels [5, 3].
   */
  public static Path teacher(Path dir, Npy.FloatArray test, List<Integer> channels, List<Integer> kernels, long seed) {
    Random random = new Random(seed);
    int length = test.shape()[1];
    int inChannels = test.shape()[2];
    List<Map<String, Object>> layers = new ArrayList<>(List.of(Map.of("type", "transpose", "perm", List.of(0, 2, 1))));
    List<ConvBlock> blocks = new ArrayList<>();
    for (int b = 0; b < channels.size(); b++) {
      int out = channels.get(b);
      int kernel = kernels.get(b);
      ConvBlock block = new ConvBlock(inChannels, out, kernel,
          gaussian(random, out * inChannels * kernel, 1 / Math.sqrt(inChannels * kernel)), gaussian(random, out, 0.1),
          positive(random, out), gaussian(random, out, 0.1), gaussian(random, out, 0.1), positive(random, out));
      blocks.add(block);
      String conv = "conv" + b;
      String bn = "bn" + b;
      layers.add(Map.of("type", "conv1d", "weight", write(dir, conv + ".weight", block.weight, out, inChannels, kernel),
          "bias", write(dir, conv + ".bias", block.bias, out), "padding", kernel / 2, "stride", 1));
      layers.add(Map.of("type", "batchnorm", "gamma", write(dir, bn + ".gamma", block.gamma, out),
          "beta", write(dir, bn + ".beta", block.beta, out), "mean", write(dir, bn + ".runningMean", block.mean, out),
          "var", write(dir, bn + ".runningVar", block.var, out), "eps", 1e-5));
      layers.add(Map.of("type", "relu"));
      layers.add(Map.of("type", "maxpool1d", "kernel", 2, "stride", 2));
      inChannels = out;
    }
    float[] fc = gaussian(random, CLASSES * inChannels, 1 / Math.sqrt(inChannels));
    float[] fcBias = gaussian(random, CLASSES, 0.1);
    layers.add(Map.of("type", "globalavgpool1d"));
    layers.add(Map.of("type", "linear", "weight", write(dir, "fc.weight", fc, CLASSES, inChannels), "bias", write(dir, "fc.bias", fcBias, CLASSES)));
    writeModelJson(dir, "cnn1d", test, layers);
    int features = test.shape()[2];
    writeLogits(dir, test, x -> {
      // x is (length, features) time-major; work channels-first as Conv1d does
      double[][] signal = new double[features][length];
      for (int t = 0; t < length; t++) {
        for (int f = 0; f < features; f++) {
          signal[f][t] = x[t * features + f];
        }
      }
      for (ConvBlock block : blocks) {
        signal = block.forward(signal);
      }
      double[] average = new double[signal.length];
      for (int c = 0; c < signal.length; c++) {
        for (double v : signal[c]) {
          average[c] += v / signal[c].length;
        }
      }
      return linear(fc, fcBias, average, CLASSES);
    });
    return dir;
  }

  /** Conv1d (stride 1, same padding) → BatchNorm (running statistics) → ReLU → MaxPool(2, 2). */
  private record ConvBlock(int in, int out, int kernel, float[] weight, float[] bias,
                           float[] gamma, float[] beta, float[] mean, float[] var) {
    double[][] forward(double[][] x) {
      int length = x[0].length;
      int pad = kernel / 2;
      double[][] pooled = new double[out][length / 2];
      for (int o = 0; o < out; o++) {
        double[] activation = new double[length];
        for (int t = 0; t < length; t++) {
          double sum = bias[o];
          for (int i = 0; i < in; i++) {
            for (int k = 0; k < kernel; k++) {
              int at = t + k - pad;
              if (at >= 0 && at < length) {
                sum += weight[(o * in + i) * kernel + k] * x[i][at];
              }
            }
          }
          activation[t] = Math.max(0, (sum - mean[o]) / Math.sqrt(var[o] + 1e-5) * gamma[o] + beta[o]);
        }
        for (int p = 0; p < length / 2; p++) {
          pooled[o][p] = Math.max(activation[2 * p], activation[2 * p + 1]);
        }
      }
      return pooled;
    }
  }

  private interface Forward {
    double[] apply(double[] sample);
  }

  private static void writeLogits(Path dir, Npy.FloatArray test, Forward forward) {
    float[] logits = new float[test.rows() * CLASSES];
    for (int s = 0; s < test.rows(); s++) {
      double[] sample = new double[test.rowSize()];
      for (int i = 0; i < sample.length; i++) {
        sample[i] = test.data()[s * sample.length + i];
      }
      double[] out = forward.apply(sample);
      for (int c = 0; c < CLASSES; c++) {
        logits[s * CLASSES + c] = (float) out[c];
      }
    }
    Npy.writeFloat(dir.resolve("test.logits.npy"), new int[] {test.rows(), CLASSES}, logits);
  }

  private static void writeModelJson(Path dir, String kind, Npy.FloatArray test, List<Map<String, Object>> layers) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("kind", kind);
    model.put("input", List.of(test.shape()[1], test.shape()[2]));
    model.put("classes", List.of("SELL", "HOLD", "BUY"));
    model.put("layers", layers);
    JsonFiles.write(dir.resolve("model.json"), model);
  }

  private static String write(Path dir, String name, float[] values, int... shape) {
    String relative = "weights/" + name + ".npy";
    Npy.writeFloat(dir.resolve(relative), shape, values);
    return relative;
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

  private static float[] gaussian(Random random, int count, double scale) {
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
