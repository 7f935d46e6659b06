package io.veriregime.runtime.optimize;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A linear layer that computes with its weights fake-quantised on the {@link UniformQuantiser} grid
 * of {@code bits}, for quantisation-aware fine-tuning: the forward pass sees Q(w), the backward pass
 * the straight-through estimator, ∂Q(w)/∂w taken as the identity (rounding has gradient zero almost
 * everywhere, which would stop all learning). It holds float ("shadow") weights that the optimiser
 * updates; the bias stays float, as the quantiser leaves it.
 */
final class FakeQuantisedLinear extends Linear {

  private final int bits;

  FakeQuantisedLinear(long units, int bits) {
    super(Linear.builder().setUnits(units));
    UniformQuantiser.levels(bits); // rejects a width the quantiser cannot make
    this.bits = bits;
  }

  @Override
  protected NDList forwardInternal(ParameterStore parameters, NDList inputs, boolean training,
                                   PairList<String, Object> params) {
    NDArray input = inputs.singletonOrThrow();
    NDArray weight = parameters.getValue(getParameters().get("weight"), input.getDevice(), training);
    NDArray bias = parameters.getValue(getParameters().get("bias"), input.getDevice(), training);
    return linear(input, fakeQuantise(weight, bits, input.getManager()), bias);
  }

  /**
   * w + stopGradient(Q(w) − w): the value Q(w), the gradient the identity's. The grid is computed
   * from a detached copy, so no rounding, clipping or Java scalar is on the autograd path (see
   * {@code train.CrossEntropyLoss.constant} for why a Java scalar there is unsafe); every temporary
   * belongs to {@code scope} (the batch's), not to the weight's long-lived manager.
   */
  static NDArray fakeQuantise(NDArray weight, int bits, NDManager scope) {
    NDArray detached = weight.stopGradient();
    detached.attach(scope);
    double largest = detached.abs().max().getFloat();
    float scale = (float) UniformQuantiser.scale(largest, bits);
    float levels = UniformQuantiser.levels(bits);
    NDArray offset = detached.div(scale).round().clip(-levels, levels).mul(scale).sub(detached);
    return offset.add(weight);
  }
}
