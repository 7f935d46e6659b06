package io.veriregime.runtime.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DJL network together with how it is written to a model directory (DEVELOPERS.md, "Models"):
 * the ONNX exporter rebuilds the network from {@link #layers()} and the weight files, so the two
 * must describe exactly the computation {@link #block()} does in evaluation mode.
 */
public interface Network {

  /** {@code "cnn1d"} or {@code "mlp"}. */
  String kind();

  Block block();

  /** The {@code layers} of model.json, in order; read after training (learnt scalars are inlined). */
  List<Map<String, Object>> layers();

  /** Weight file stem (e.g. {@code conv0.weight}, written as {@code weights/conv0.weight.npy}) to parameter. */
  Map<String, Parameter> exportedParameters();

  /** A model.json layer {@code {"type": type, key: value, ...}} with keys in the given order. */
  static Map<String, Object> layer(String type, Object... keysAndValues) {
    Map<String, Object> layer = new LinkedHashMap<>();
    layer.put("type", type);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      layer.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return layer;
  }
}
