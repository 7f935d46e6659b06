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
      } else if (layer instanceof Layer.Square) {
        for (int i = 0; i < x.length; i++) {
          x[i] *= x[i];
        }
      } else if (layer instanceof Layer.Relu) {
        for (int i = 0; i < x.length; i++) {
          x[i] = Math.max(0, x[i]);
        }
      } else if (layer instanceof Layer.Poly poly) {
        for (int i = 0; i < x.length; i++) {
          double h = 0;
          for (int c = poly.degree(); c >= 0; c--) {
            h = h * x[i] + poly.coefficients().get(c);
          }
          x[i] = h;
        }
      } else if (!(layer instanceof Layer.Flatten)) {
        throw new IllegalArgumentException("not a student layer: " + layer.type());
      }
    }
    return x;
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
