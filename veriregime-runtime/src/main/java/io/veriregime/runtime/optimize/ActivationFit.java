package io.veriregime.runtime.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.fitting.PolynomialCurveFitter;
import org.apache.commons.math3.fitting.WeightedObservedPoints;
import org.apache.commons.math3.special.Erf;

/**
 * A fixed polynomial that stands in for ReLU or GELU in a circuit: the least-squares fit (Apache
 * Commons Math) of the function on evenly spaced points over the range a layer's pre-activations
 * actually take. Outside that range the polynomial is free to diverge; inside it, it costs one
 * multiplication per degree instead of a lookup table.
 *
 * @param low the lower end of the fitted range
 * @param high the upper end
 * @param coefficients ascending powers, as {@code model.Layer.Poly} takes them
 * @param maxError the largest |fit − function| on the fitted points
 */
public record ActivationFit(double low, double high, List<Double> coefficients, double maxError) {

  /** Points the fit is computed on: dense enough that the fit does not depend on their number. */
  static final int POINTS = 257;

  public static double relu(double x) {
    return Math.max(0, x);
  }

  /** The exact GELU, x·Φ(x). */
  public static double gelu(double x) {
    return 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)));
  }

  static ActivationFit of(DoubleUnaryOperator function, double low, double high, int degree) {
    if (!(high > low)) {
      throw new IllegalArgumentException("an empty range to fit: [" + low + ", " + high + "]");
    }
    WeightedObservedPoints points = new WeightedObservedPoints();
    for (int i = 0; i < POINTS; i++) {
      double x = low + (high - low) * i / (POINTS - 1);
      points.add(x, function.applyAsDouble(x));
    }
    double[] fitted = PolynomialCurveFitter.create(degree).fit(points.toList());
    List<Double> coefficients = new ArrayList<>(Arrays.stream(fitted).boxed().toList());
    double maxError = 0;
    for (var point : points.toList()) {
      maxError = Math.max(maxError, Math.abs(evaluate(coefficients, point.getX()) - point.getY()));
    }
    return new ActivationFit(low, high, List.copyOf(coefficients), maxError);
  }

  /** The polynomial at x, in Horner form as the network and the ONNX export compute it. */
  static double evaluate(List<Double> coefficients, double x) {
    double value = 0;
    for (int power = coefficients.size() - 1; power >= 0; power--) {
      value = value * x + coefficients.get(power);
    }
    return value;
  }
}
