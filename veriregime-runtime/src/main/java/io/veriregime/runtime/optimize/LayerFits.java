package io.veriregime.runtime.optimize;

import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.train.TrainingData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Fits an activation per hidden layer of a student over the pre-activations that layer sees,
 * layer by layer: the second layer's range is observed with the first layer's fit already in
 * place, which is what the fine-tuned network will feed it.
 */
final class LayerFits {

  /** Samples of the train split the ranges are observed on, spread evenly over it. */
  static final int SAMPLES = 2048;
  /**
   * The range fitted is the central 98 % of a layer's pre-activations: a handful of extreme values
   * would otherwise stretch the range and spend the polynomial's few degrees of freedom far from
   * where almost every value lies.
   */
  static final double TAIL = 0.01;

  private LayerFits() {}

  static List<ActivationFit> fit(ModelDefinition student, TrainingData.Split train, DoubleUnaryOperator function,
                                 int degree) {
    int samples = Math.min(SAMPLES, train.size());
    int inputSize = train.inputSize();
    double[][] values = new double[samples][];
    for (int s = 0; s < samples; s++) {
      int sample = (int) ((long) s * train.size() / samples);
      values[s] = new double[inputSize];
      for (int i = 0; i < inputSize; i++) values[s][i] = train.features()[sample * inputSize + i];
    }
    List<Layer.Linear> linears = student.layers().stream()
        .filter(Layer.Linear.class::isInstance).map(Layer.Linear.class::cast).toList();
    List<ActivationFit> fits = new ArrayList<>();
    for (int layer = 0; layer < linears.size() - 1; layer++) {
      Layer.Linear linear = linears.get(layer);
      double[] all = new double[samples * linear.weight().dim(0)];
      for (int s = 0; s < samples; s++) {
        values[s] = apply(linear, values[s]);
        System.arraycopy(values[s], 0, all, s * values[s].length, values[s].length);
      }
      Arrays.sort(all);
      double low = all[(int) (TAIL * (all.length - 1))];
      double high = all[(int) ((1 - TAIL) * (all.length - 1))];
      ActivationFit fit = ActivationFit.of(function, low, high, degree);
      fits.add(fit);
      for (double[] row : values) {
        for (int i = 0; i < row.length; i++) row[i] = ActivationFit.evaluate(fit.coefficients(), row[i]);
      }
    }
    return fits;
  }

  /** W·x + b with W {@code (out, in)}. */
  private static double[] apply(Layer.Linear linear, double[] x) {
    int out = linear.weight().dim(0);
    int in = linear.weight().dim(1);
    float[] w = linear.weight().data();
    double[] y = new double[out];
    for (int o = 0; o < out; o++) {
      double sum = linear.bias().data()[o];
      for (int i = 0; i < in; i++) sum += w[o * in + i] * x[i];
      y[o] = sum;
    }
    return y;
  }
}
