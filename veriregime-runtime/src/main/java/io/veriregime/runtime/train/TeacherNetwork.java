package io.veriregime.runtime.train;

import static io.veriregime.runtime.train.Network.weight;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import io.veriregime.runtime.model.Classes;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * The teacher of DESIGN.md: Conv1D(F→64,k5,pad 2)+BN+ReLU+MaxPool(2) → Conv1D(64→128,k3,pad 1)+BN+ReLU+MaxPool(2)
 * → global average pool → Linear(128→3), on input {@code (batch, window, F)} transposed to channels-first.
 */
final class TeacherNetwork implements Network {

  /** Same as PyTorch's BatchNorm1d default, and what model.json promises the exporter. */
  private static final float BATCH_NORM_EPSILON = 1e-5f;
  /** {@link #BATCH_NORM_EPSILON} as model.json has always written it (1e-5 as a double, not the float widened). */
  private static final double MODEL_JSON_EPSILON = 1e-5;
  private static final int POOL = 2;

  private record ConvUnit(String name, int filters, int kernel, int padding) {}

  private static final List<ConvUnit> UNITS = List.of(new ConvUnit("0", 64, 5, 2), new ConvUnit("1", 128, 3, 1));

  private final SequentialBlock block = new SequentialBlock();
  private final List<Conv1d> convolutions = new ArrayList<>();
  private final List<BatchNorm> batchNorms = new ArrayList<>();
  private final Linear classifier = Linear.builder().setUnits(Classes.NAMES.size()).build();

  TeacherNetwork() {
    block.add(input -> new NDList(input.singletonOrThrow().transpose(0, 2, 1)));
    for (ConvUnit unit : UNITS) {
      Conv1d conv = Conv1d.builder().setFilters(unit.filters()).setKernelShape(new Shape(unit.kernel()))
          .optPadding(new Shape(unit.padding())).optStride(new Shape(1)).build();
      BatchNorm norm = BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).optMomentum(0.9f).build();
      block.add(conv).add(norm).add(Activation.reluBlock())
          .add(Pool.maxPool1dBlock(new Shape(POOL), new Shape(POOL)));
      convolutions.add(conv);
      batchNorms.add(norm);
    }
    block.add(Pool.globalAvgPool1dBlock()).add(classifier);
  }

  @Override
  public Block block() {
    return block;
  }

  @Override
  public ModelDefinition definition(List<Integer> input) {
    List<Layer> layers = new ArrayList<>();
    layers.add(new Layer.Transpose(List.of(0, 2, 1)));
    for (int i = 0; i < UNITS.size(); i++) {
      ConvUnit unit = UNITS.get(i);
      String conv = "conv" + unit.name();
      String norm = "bn" + unit.name();
      layers.add(new Layer.Conv1d(weight(conv, convolutions.get(i), "weight"), weight(conv, convolutions.get(i), "bias"),
          unit.padding(), 1));
      layers.add(new Layer.BatchNorm(weight(norm, batchNorms.get(i), "gamma"), weight(norm, batchNorms.get(i), "beta"),
          weight(norm, batchNorms.get(i), "runningMean"), weight(norm, batchNorms.get(i), "runningVar"),
          MODEL_JSON_EPSILON));
      layers.add(new Layer.Relu());
      layers.add(new Layer.MaxPool1d(POOL, POOL));
    }
    layers.add(new Layer.GlobalAvgPool1d());
    layers.add(new Layer.Linear(weight("fc", classifier, "weight"), weight("fc", classifier, "bias")));
    return new ModelDefinition("cnn1d", input, Classes.NAMES, layers);
  }
}
