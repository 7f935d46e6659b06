package io.veriregime.runtime.optimize;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hutchinson's estimator on ½xᵀAx, whose Hessian is A: its trace is known exactly. */
@RunsTools
class HutchinsonTest {

  private static final int N = 40;

  /** A symmetric matrix with a positive diagonal (trace ≈ 20·N) and off-diagonal entries in ±1. */
  private static double[][] symmetric(long seed, boolean diagonal) {
    Random random = new Random(seed);
    double[][] a = new double[N][N];
    for (int i = 0; i < N; i++) {
      a[i][i] = 10 + 20 * random.nextDouble();
      for (int j = 0; j < i && !diagonal; j++) {
        a[i][j] = a[j][i] = 2 * random.nextDouble() - 1;
      }
    }
    return a;
  }

  private static double trace(double[][] a) {
    double trace = 0;
    for (int i = 0; i < N; i++) trace += a[i][i];
    return trace;
  }

  /** For Rademacher probes, Var(vᵀAv) = 2·Σ_{i≠j} A_ij². */
  private static double probeStandardDeviation(double[][] a) {
    double sum = 0;
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        if (i != j) sum += a[i][j] * a[i][j];
      }
    }
    return Math.sqrt(2 * sum);
  }

  private static Hutchinson.HessianVectorProduct product(double[][] a) {
    return v -> {
      double[] av = new double[N];
      for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) av[i] += a[i][j] * v[j];
      }
      return av;
    };
  }

  @Test
  void aDiagonalHessianGivesItsExactTraceFromAnyProbe() {
    double[][] a = symmetric(1, true);
    Hutchinson.Estimate estimate = Hutchinson.trace(N, product(a), 2, new Random(5));

    assertThat(estimate.trace()).isCloseTo(trace(a), within(1e-9));
    assertThat(estimate.standardError()).isCloseTo(0, within(1e-9));
  }

  @Test
  void theEstimateIsWithinItsStandardErrorOfTheTraceAndTheErrorIsTheTheoreticalOne() {
    double[][] a = symmetric(2, false);
    int probes = 400;
    Hutchinson.Estimate estimate = Hutchinson.trace(N, product(a), probes, new Random(7));

    double expectedError = probeStandardDeviation(a) / Math.sqrt(probes);
    assertThat(estimate.trace()).isCloseTo(trace(a), within(4 * expectedError));
    // the sample standard deviation of 400 probes is within ~15 % of the true one
    assertThat(estimate.standardError()).isCloseTo(expectedError, within(0.15 * expectedError));
    assertThat(estimate.probes()).isEqualTo(probes);
  }

  @Test
  void finiteDifferencesOfGradientsAreExactForAQuadratic() {
    double[][] a = symmetric(3, false);
    float[] point = new float[N];
    Random random = new Random(4);
    for (int i = 0; i < N; i++) point[i] = (float) random.nextGaussian();
    Hutchinson.Gradient gradient = x -> {
      float[] ax = new float[N];
      for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) ax[i] += (float) (a[i][j] * x[j]);
      }
      return ax;
    };

    Hutchinson.Estimate finite = Hutchinson.trace(N, Hutchinson.finiteDifferences(gradient, point, 1e-2), 64,
        new Random(9));
    Hutchinson.Estimate exact = Hutchinson.trace(N, product(a), 64, new Random(9));

    // the same probes: only float32 rounding of the gradients separates them
    assertThat(finite.trace()).isCloseTo(exact.trace(), within(1e-3 * Math.abs(exact.trace())));
  }

  @Test
  void finiteDifferencesOfDjlGradientsOfAQuadraticLossEstimateItsTrace() {
    System.setProperty("ai.djl.offline", "true");
    double[][] a = symmetric(6, false);
    float[] halfA = new float[N * N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) halfA[i * N + j] = (float) (a[i][j] / 2);
    }
    float[] point = new float[N];
    Random random = new Random(8);
    for (int i = 0; i < N; i++) point[i] = (float) random.nextGaussian();
    int probes = 400;
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray matrix = manager.create(halfA, new Shape(N, N));
      // the gradient of ½xᵀAx by libtorch's autograd, as Learner.gradient computes a loss's
      Hutchinson.Gradient gradient = x -> {
        try (NDManager scope = manager.newSubManager()) {
          NDArray column = scope.create(x, new Shape(N, 1));
          column.setRequiresGradient(true);
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(column.transpose().matMul(matrix).matMul(column).sum());
          }
          return column.getGradient().toFloatArray();
        }
      };
      Hutchinson.Estimate estimate = Hutchinson.trace(N, Hutchinson.finiteDifferences(gradient, point, 1e-2), probes,
          new Random(10));

      double expectedError = probeStandardDeviation(a) / Math.sqrt(probes);
      assertThat(estimate.trace()).isCloseTo(trace(a), within(4 * expectedError));
      assertThat(estimate.standardError()).isCloseTo(expectedError, within(0.15 * expectedError));
    }
  }
}
