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
    long levels = (1L << (bits - 1)) - 1;
    double scale = largest == 0 ? 1 : largest / levels;
    float[] values = new float[weights.length];
    for (int i = 0; i < weights.length; i++) {
      values[i] = (float) (Math.max(-levels, Math.min(levels, Math.rint(weights[i] / scale))) * scale);
    }
    return new Quantised(values, new Layer.Quantisation(bits, scale));
  }

  /** Every linear layer's weights quantised to {@code bits}; every other layer as it is. */
  static List<Layer> quantiseLinears(List<Layer> layers, int bits) {
    List<Layer> result = new ArrayList<>();
    for (Layer layer : layers) {
      if (layer instanceof Layer.Linear linear) {
        Quantised q = quantise(linear.weight().data(), bits);
        result.add(new Layer.Linear(new Layer.Weight(linear.weight().file(), linear.weight().shape(), q.values()),
            linear.bias(), q.quantisation()));
      } else {
        result.add(layer);
      }
    }
    return result;
  }
}
