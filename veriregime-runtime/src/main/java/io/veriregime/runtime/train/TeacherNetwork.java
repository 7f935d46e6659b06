package io.veriregime.runtime.train;

import static io.veriregime.runtime.train.Network.layer;
import static io.veriregime.runtime.model.ModelFiles.weightReference;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import io.veriregime.runtime.model.Classes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The teacher of DESIGN.md: Conv1D(F→64,k5,pad 2)+BN+ReLU+MaxPool(2) → Conv1D(64→128,k3,pad 1)+BN+ReLU+MaxPool(2)
 * → global average pool → Linear(128→3), on input {@code (batch, window, F)} transposed to channels-first.
 */
final class TeacherNetwork implements Network {

  /** Same as PyTorch's BatchNorm1d default, and what model.json promises the exporter. */
  private static final float BATCH_NORM_EPSILON = 1e-5f;

  private record ConvUnit(String name, int filters, int kernel, int padding) {}

  private static final List<ConvUnit> UNITS = List.of(new ConvUnit("0", 64, 5, 2), new ConvUnit("1", 128, 3, 1));

  private final SequentialBlock block = new SequentialBlock();
  private final Map<String, Parameter> exported = new LinkedHashMap<>();
  private final List<Map<String, Object>> layers = new ArrayList<>();
  private final List<Conv1d> convolutions = new ArrayList<>();
  private final List<BatchNorm> batchNorms = new ArrayList<>();
  private final Linear classifier = Linear.builder().setUnits(Classes.NAMES.size()).build();

  TeacherNetwork() {
    block.add(input -> new NDList(input.singletonOrThrow().transpose(0, 2, 1)));
    layers.add(layer("transpose", "perm", List.of(0, 2, 1)));
    for (ConvUnit unit : UNITS) {
      Conv1d conv = Conv1d.builder().setFilters(unit.filters()).setKernelShape(new Shape(unit.kernel()))
          .optPadding(new Shape(unit.padding())).optStride(new Shape(1)).build();
      BatchNorm norm = BatchNorm.builder().optEpsilon(BATCH_NORM_EPSILON).optMomentum(0.9f).build();
      block.add(conv).add(norm).add(Activation.reluBlock()).add(Pool.maxPool1dBlock(new Shape(2), new Shape(2)));
      convolutions.add(conv);
      batchNorms.add(norm);
      String convName = "conv" + unit.name();
      String normName = "bn" + unit.name();
      layers.add(layer("conv1d", "weight", weightReference(convName + ".weight"), "bias", weightReference(convName + ".bias"),
          "padding", unit.padding(), "stride", 1));
      layers.add(layer("batchnorm", "gamma", weightReference(normName + ".gamma"), "beta", weightReference(normName + ".beta"),
          "mean", weightReference(normName + ".runningMean"), "var", weightReference(normName + ".runningVar"), "eps", 1e-5));
      layers.add(layer("relu"));
      layers.add(layer("maxpool1d", "kernel", 2, "stride", 2));
    }
    block.add(Pool.globalAvgPool1dBlock()).add(classifier);
    layers.add(layer("globalavgpool1d"));
    layers.add(layer("linear", "weight", weightReference("fc.weight"), "bias", weightReference("fc.bias")));
  }

  @Override
  public String kind() {
    return "cnn1d";
  }

  @Override
  public Block block() {
    return block;
  }

  @Override
  public List<Map<String, Object>> layers() {
    return layers;
  }

  @Override
  public Map<String, Parameter> exportedParameters() {
    if (exported.isEmpty()) {
      for (int i = 0; i < UNITS.size(); i++) {
        String conv = "conv" + UNITS.get(i).name();
        String norm = "bn" + UNITS.get(i).name();
        exported.put(conv + ".weight", convolutions.get(i).getParameters().get("weight"));
        exported.put(conv + ".bias", convolutions.get(i).getParameters().get("bias"));
        for (String name : List.of("gamma", "beta", "runningMean", "runningVar")) {
          exported.put(norm + "." + name, batchNorms.get(i).getParameters().get(name));
        }
      }
      exported.put("fc.weight", classifier.getParameters().get("weight"));
      exported.put("fc.bias", classifier.getParameters().get("bias"));
    }
    return exported;
  }
}
