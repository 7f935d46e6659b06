package io.veriregime.runtime.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The learnable polynomial activation {@code a·x² + b·x}, one scalar pair per layer: the cheapest
 * non-linearity that can still learn how much curvature it needs (in a circuit it is two
 * multiplications and an addition).
 *
 * <p>It starts almost linear ({@code a = 0.1, b = 1}): a deep stack of x² terms multiplies the
 * scale of the input at every layer, and starting near the identity lets training add curvature
 * only where it lowers the loss instead of starting from an exploded degree-2^depth polynomial.
 */
final class PolyActivation extends AbstractBlock {

  static final float INITIAL_A = 0.1f;
  static final float INITIAL_B = 1f;

  private final Parameter a;
  private final Parameter b;

  PolyActivation() {
    a = addParameter(scalar("a", INITIAL_A));
    b = addParameter(scalar("b", INITIAL_B));
  }

  private static Parameter scalar(String name, float initial) {
    return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(new Shape(1))
        .optInitializer(new ConstantInitializer(initial)).build();
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameters, NDList inputs, boolean training,
                                   PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray aValue = parameters.getValue(a, x.getDevice(), training);
    NDArray bValue = parameters.getValue(b, x.getDevice(), training);
    return new NDList(x.square().mul(aValue).add(x.mul(bValue)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }

  float a() {
    return a.getArray().getFloat();
  }

  float b() {
    return b.getArray().getFloat();
  }
}
