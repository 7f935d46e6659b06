package io.veriregime.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import java.util.List;

/**
 * A DJL network together with the model definition it is written as (DEVELOPERS.md, "Models"):
 * the ONNX exporter rebuilds the network from that definition, so the two must describe exactly
 * the computation {@link #block()} does in evaluation mode.
 */
public interface Network {

  Block block();

  /**
   * The network with the weights it holds now (after training: those of its best epoch) and its
   * learnt scalars inlined, for samples of shape {@code input}.
   */
  ModelDefinition definition(List<Integer> input);

  /**
   * The parameter {@code name} of {@code block} as a weight, written as
   * {@code weights/<prefix>.<name>.npy} (e.g. {@code weights/conv0.weight.npy}).
   */
  static Layer.Weight weight(String prefix, Block block, String name) {
    NDArray array = block.getParameters().get(name).getArray();
    long[] shape = array.getShape().getShape();
    int[] intShape = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      intShape[i] = Math.toIntExact(shape[i]);
    }
    return Layer.Weight.of(prefix + "." + name, intShape, array.toFloatArray());
  }
}
