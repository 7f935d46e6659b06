package io.veriregime.runtime.optimize;

import java.util.Random;

/**
 * Hutchinson's estimator of the trace of a Hessian H: for random vectors v with independent ±1
 * entries (Rademacher), E[vᵀHv] = Σᵢ Hᵢᵢ = tr(H). Only Hessian-vector products are needed, never H.
 *
 * <p>DJL has no double backward: {@code GradientCollector.backward(loss)} is all its API offers, and
 * the PyTorch engine (0.35.1) calls libtorch's backward with {@code create_graph} false, so a
 * gradient cannot be differentiated again. The products are therefore central finite differences of
 * gradients, Hv ≈ (g(w + εv) − g(w − εv)) / 2ε: exact for a quadratic loss, with an O(ε²) error
 * otherwise.
 */
final class Hutchinson {

  private Hutchinson() {}

  /** The gradient of the loss at a point (the point's own length). */
  @FunctionalInterface
  interface Gradient {
    float[] at(float[] point);
  }

  /** H·v. */
  @FunctionalInterface
  interface HessianVectorProduct {
    double[] times(double[] v);
  }

  /**
   * @param trace the mean of vᵀHv over the probes
   * @param standardError the probes' sample standard deviation over √probes
   */
  record Estimate(double trace, double standardError, int probes) {}

  /** The trace of the Hessian whose products {@code hessian} computes, from {@code probes} Rademacher vectors. */
  static Estimate trace(int dimension, HessianVectorProduct hessian, int probes, Random random) {
    if (probes < 2) {
      throw new IllegalArgumentException("a standard error needs at least 2 probes, got " + probes);
    }
    double sum = 0;
    double sumOfSquares = 0;
    double[] v = new double[dimension];
    for (int probe = 0; probe < probes; probe++) {
      for (int i = 0; i < dimension; i++) v[i] = random.nextBoolean() ? 1 : -1;
      double[] hv = hessian.times(v);
      double quadratic = 0;
      for (int i = 0; i < dimension; i++) quadratic += v[i] * hv[i];
      sum += quadratic;
      sumOfSquares += quadratic * quadratic;
    }
    double mean = sum / probes;
    double variance = Math.max(0, (sumOfSquares - probes * mean * mean) / (probes - 1));
    return new Estimate(mean, Math.sqrt(variance / probes), probes);
  }

  /** Hv ≈ (g(w + εv) − g(w − εv)) / 2ε around {@code point}, which it leaves as it was. */
  static HessianVectorProduct finiteDifferences(Gradient gradient, float[] point, double epsilon) {
    return v -> {
      float[] plus = new float[point.length];
      float[] minus = new float[point.length];
      for (int i = 0; i < point.length; i++) {
        plus[i] = (float) (point[i] + epsilon * v[i]);
        minus[i] = (float) (point[i] - epsilon * v[i]);
      }
      float[] gradientPlus = gradient.at(plus);
      float[] gradientMinus = gradient.at(minus);
      double[] product = new double[point.length];
      for (int i = 0; i < point.length; i++) {
        product[i] = ((double) gradientPlus[i] - gradientMinus[i]) / (2 * epsilon);
      }
      return product;
    };
  }
}
