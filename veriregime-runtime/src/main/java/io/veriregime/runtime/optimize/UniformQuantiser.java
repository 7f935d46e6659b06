package io.veriregime.runtime.optimize;

import io.veriregime.runtime.model.Layer;
import java.util.ArrayList;
import java.util.List;

/**
 * Symmetric uniform post-training quantisation of a student's linear weights: each layer's weights
 * are rounded to the nearest of the integers −(2^(bits−1)−1) … 2^(bits−1)−1 times one scale per
 * layer, max|w| / (2^(bits−1)−1), so the largest weight is representable and zero stays exact.
 * Biases stay float: in a circuit they are added at the accumulator's (finer) scale.
 */
public final class UniformQuantiser {

  private UniformQuantiser() {}

  /** The weights on the grid, and the grid. */
  public record Quantised(float[] values, Layer.Quantisation quantisation) {}

  public static Quantised quantise(float[] weights, int bits) {
    if (bits < 2 || bits > 16) {
      throw new IllegalArgumentException("bits must be in 2..16, got " + bits);
    }
    double largest = 0;
    for (float w : weights) largest = Math.max(largest, Math.abs(w));
    long levels = levels(bits);
    double scale = scale(largest, bits);
    float[] values = new float[weights.length];
    for (int i = 0; i < weights.length; i++) {
      values[i] = (float) (Math.max(-levels, Math.min(levels, Math.rint(weights[i] / scale))) * scale);
    }
    return new Quantised(values, new Layer.Quantisation(bits, scale));
  }

  /** The largest integer on a {@code bits}-wide symmetric grid, 2^(bits−1)−1. */
  static long levels(int bits) {
    if (bits < 2 || bits > 16) {
      throw new IllegalArgumentException("bits must be in 2..16, got " + bits);
    }
    return (1L << (bits - 1)) - 1;
  }

  /** The step of the grid whose largest integer stands for {@code largest} (1 for an all-zero layer). */
  static double scale(double largest, int bits) {
    return largest == 0 ? 1 : largest / levels(bits);
  }

  /** ‖Q(w) − w‖²: the quantisation noise {@code bits} leave in these weights. */
  static double squaredError(float[] weights, int bits) {
    float[] quantised = quantise(weights, bits).values();
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      double difference = (double) quantised[i] - weights[i];
      sum += difference * difference;
    }
    return sum;
  }

  /** Linear layer i's weights quantised to {@code bits.get(i)}; every other layer as it is. */
  static List<Layer> quantiseLinears(List<Layer> layers, List<Integer> bits) {
    long linears = layers.stream().filter(Layer.Linear.class::isInstance).count();
    if (linears != bits.size()) {
      throw new IllegalArgumentException(bits.size() + " bit widths for " + linears + " linear layers");
    }
    List<Layer> result = new ArrayList<>();
    int linear = 0;
    for (Layer layer : layers) {
      if (layer instanceof Layer.Linear l) {
        Quantised q = quantise(l.weight().data(), bits.get(linear++));
        result.add(new Layer.Linear(new Layer.Weight(l.weight().file(), l.weight().shape(), q.values()), l.bias(),
            q.quantisation()));
      } else {
        result.add(layer);
      }
    }
    return result;
  }
}
