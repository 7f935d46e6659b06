package io.veriregime.runtime.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A learnable polynomial activation, one scalar per power and layer. distill's {@code poly} is
 * {@code a·x² + b·x}: the cheapest non-linearity that can still learn how much curvature it needs
 * (in a circuit it is two multiplications and an addition). optimize's {@code poly2} adds a constant
 * c and {@code poly3} a cubic term d·x³.
 *
 * <p>It starts almost linear ({@code a = 0.1, b = 1}, c = d = 0): a deep stack of x² terms
 * multiplies the scale of the input at every layer, and starting near the identity lets training add
 * curvature only where it lowers the loss instead of starting from an exploded degree-2^depth
 * polynomial.
 */
final class PolyActivation extends AbstractBlock {

  static final float INITIAL_A = 0.1f;
  static final float INITIAL_B = 1f;
  /** The scalar of each power, by the names the format and the issue use: c + b·x + a·x² + d·x³. */
  private static final List<String> NAMES = List.of("c", "b", "a", "d");

  /** By power; null where the power is absent. */
  private final List<Parameter> coefficients;

  /** a·x² + b·x, distill's {@code poly}. */
  PolyActivation() {
    this(false, 2);
  }

  /**
   * @param constant whether it learns a constant term c
   * @param degree 2 or 3
   */
  PolyActivation(boolean constant, int degree) {
    if (degree < 2 || degree > 3) {
      throw new IllegalArgumentException("a learnable poly has degree 2 or 3, not " + degree);
    }
    coefficients = new ArrayList<>(Collections.nCopies(degree + 1, null));
    for (int power = constant ? 0 : 1; power <= degree; power++) {
      float initial = power == 1 ? INITIAL_B : power == 2 ? INITIAL_A : 0f;
      coefficients.set(power, addParameter(scalar(NAMES.get(power), initial)));
    }
  }

  private static Parameter scalar(String name, float initial) {
    return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(new Shape(1))
        .optInitializer(new ConstantInitializer(initial)).build();
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameters, NDList inputs, boolean training,
                                   PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    // Horner form, as the ONNX export computes it: x·(b + x·(a + x·d)) + c
    NDArray result = null;
    for (int power = coefficients.size() - 1; power >= 1; power--) {
      NDArray coefficient = parameters.getValue(coefficients.get(power), x.getDevice(), training);
      result = (result == null ? coefficient : result.add(coefficient)).mul(x);
    }
    Parameter constant = coefficients.get(0);
    return new NDList(constant == null ? result : result.add(parameters.getValue(constant, x.getDevice(), training)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }

  /** The learnt coefficients in ascending powers (0 for an absent constant), as {@code Layer.Poly} takes them. */
  List<Double> coefficients() {
    List<Double> values = new ArrayList<>();
    for (Parameter coefficient : coefficients) {
      values.add(coefficient == null ? 0.0 : (double) coefficient.getArray().getFloat());
    }
    return values;
  }

  float a() {
    return coefficients.get(2).getArray().getFloat();
  }

  float b() {
    return coefficients.get(1).getArray().getFloat();
  }
}
