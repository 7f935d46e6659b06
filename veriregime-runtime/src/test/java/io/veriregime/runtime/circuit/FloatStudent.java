package io.veriregime.runtime.circuit;

import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.optimize.UniformQuantiser;
import java.util.ArrayList;
import java.util.List;

/**
 * The float model the circuit is compared with: a double-precision forward pass of a student's
 * layers (flatten, linear, square, poly, relu), independent of the fixed-point scheme; and
 * students with their linear weights quantised per layer, as optimize quantises them.
 */
public final class FloatStudent {

  private FloatStudent() {}

  public static double[] logits(ModelDefinition model, float[] window) {
    double[] x = new double[window.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = window[i];
    }
    for (Layer layer : model.layers()) {
      if (layer instanceof Layer.Linear linear) {
        int out = linear.weight().dim(0);
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
          double sum = linear.bias().data()[o];
          for (int i = 0; i < x.length; i++) {
            sum += linear.weight().data()[o * x.length + i] * x[i];
          }
          y[o] = sum;
        }
        x = y;
      } else if (!(layer instanceof Layer.Flatten)) {
        for (int i = 0; i < x.length; i++) {
          x[i] = activation(layer, x[i]);
        }
      }
    }
    return x;
  }

  /**
   * A worst-case bound, per logit, on |fixed-point − float| for one window under the scheme of
   * {@link FixedPointModel} with s fraction bits, propagated layer by layer from the float
   * activations: inputs rounded to 2^−s (error ≤ 2^−(s+1)), unquantised weights rounded to 2^−s,
   * quantised ones exact on their grid (but for float32's rounding of the stored value), biases
   * rounded to the accumulator's unit (≤ 2^−s·grid), an activation's change over the interval its
   * input's error allows, and each truncation's floor (< 1 unit ≤ 2^−s) plus, for a polynomial, its
   * lower coefficients' rounding to |c_d|·u^(d−i) (u, the accumulator's unit, ≤ 2^−s·grid; the top
   * coefficient is exact).
   */
  public static double[] errorBound(ModelDefinition model, float[] window, int fractionBits) {
    double step = Math.scalb(1.0, -fractionBits);
    double[] x = new double[window.length];
    double[] error = new double[window.length];
    double accumulatorUnit = step;
    for (int i = 0; i < x.length; i++) {
      x[i] = window[i];
      error[i] = step / 2;
    }
    for (Layer layer : model.layers()) {
      if (layer instanceof Layer.Linear linear) {
        boolean quantised = linear.quantisation() != null;
        double grid = quantised ? linear.quantisation().scale() : step;
        accumulatorUnit = step * grid;
        int out = linear.weight().dim(0);
        double[] y = new double[out];
        double[] e = new double[out];
        for (int o = 0; o < out; o++) {
          double sum = linear.bias().data()[o];
          double bound = step * grid / 2;
          for (int i = 0; i < x.length; i++) {
            double w = linear.weight().data()[o * x.length + i];
            double weightError = quantised ? Math.abs(w) * 0x1p-24 : step / 2;
            sum += w * x[i];
            bound += (Math.abs(w) + weightError) * error[i] + Math.abs(x[i]) * weightError;
          }
          y[o] = sum;
          e[o] = bound;
        }
        x = y;
        error = e;
      } else if (!(layer instanceof Layer.Flatten)) {
        for (int i = 0; i < x.length; i++) {
          double y = x[i];
          double e = error[i];
          double activated = activation(layer, y);
          double change = Math.max(Math.abs(activation(layer, y - e) - activated), Math.abs(activation(layer, y + e) - activated));
          if (layer instanceof Layer.Poly poly) {
            // the interval's ends need not be the extremes of a cubic; its slope bound covers them
            double slope = 0;
            for (int c = 1; c <= poly.degree(); c++) {
              slope += c * Math.abs(poly.coefficients().get(c)) * Math.pow(Math.abs(y) + e, c - 1);
            }
            change = Math.max(change, slope * e);
            double top = Math.abs(poly.coefficients().get(poly.degree()));
            for (int c = 0; c < poly.degree(); c++) {
              change += top * Math.pow(accumulatorUnit, poly.degree() - c) / 2 * Math.pow(Math.abs(y) + e, c);
            }
          }
          x[i] = activated;
          error[i] = change + step;
        }
      }
    }
    return error;
  }

  private static double activation(Layer layer, double y) {
    if (layer instanceof Layer.Square) {
      return y * y;
    }
    if (layer instanceof Layer.Relu) {
      return Math.max(0, y);
    }
    if (layer instanceof Layer.Poly poly) {
      double h = 0;
      for (int c = poly.degree(); c >= 0; c--) {
        h = h * y + poly.coefficients().get(c);
      }
      return h;
    }
    throw new IllegalArgumentException("not an activation: " + layer.type());
  }

  /** The model with linear layer k's weights quantised to {@code bits.get(k)} bits (one entry: every layer). */
  public static ModelDefinition quantised(ModelDefinition model, List<Integer> bits) {
    List<Layer> layers = new ArrayList<>();
    int linear = 0;
    for (Layer layer : model.layers()) {
      if (layer instanceof Layer.Linear l) {
        int b = bits.size() == 1 ? bits.get(0) : bits.get(linear);
        UniformQuantiser.Quantised q = UniformQuantiser.quantise(l.weight().data(), b);
        layers.add(new Layer.Linear(new Layer.Weight(l.weight().file(), l.weight().shape(), q.values()), l.bias(),
            q.quantisation()));
        linear++;
      } else {
        layers.add(layer);
      }
    }
    return new ModelDefinition(model.kind(), model.input(), model.classes(), layers);
  }
}
