package io.veriregime.runtime.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.model.ModelFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses {@code model.json} and loads the {@code weights/*.npy} it names. */
final class ModelJsonReader {

  private static final String SUPPORTED_TYPES =
      "flatten, linear, square, poly, relu, transpose, conv1d, batchnorm, maxpool1d, globalavgpool1d";

  private final Path modelDir;
  private final Path modelJson;

  ModelJsonReader(Path modelDir) {
    this.modelDir = modelDir.toAbsolutePath().normalize();
    this.modelJson = ModelFiles.modelJson(this.modelDir);
  }

  ModelDefinition read() {
    if (!Files.isRegularFile(modelJson)) {
      throw new VeriRegimeException(modelJson + " does not exist, so there is no model to export. Fix: "
          + "run the stage that trains it (train-teacher or distill) first.");
    }
    JsonNode root = JsonFiles.readTree(modelJson);
    String kind = root.path("kind").asText("");
    if (kind.isBlank()) {
      throw error("'kind' (mlp or cnn1d) is missing");
    }
    int[] input = inputShape(root);
    List<String> classes = new ArrayList<>();
    root.path("classes").forEach(c -> classes.add(c.asText()));
    JsonNode layerNodes = root.path("layers");
    if (!layerNodes.isArray() || layerNodes.isEmpty()) {
      throw error("'layers' is missing or empty");
    }
    List<Layer> layers = new ArrayList<>();
    for (int index = 0; index < layerNodes.size(); index++) {
      layers.add(layer(index, layerNodes.get(index)));
    }
    return new ModelDefinition(modelDir, kind, input, List.copyOf(classes), List.copyOf(layers));
  }

  private VeriRegimeException error(String problem) {
    return ModelDefinition.problem(modelJson, problem, ModelDefinition.REWRITE_FIX);
  }

  private Layer layer(int index, JsonNode node) {
    String type = node.path("type").asText("");
    return switch (type) {
      case "flatten" -> new Layer.Flatten();
      case "linear" -> new Layer.Linear(weight(index, node, "weight"), weight(index, node, "bias"));
      case "square" -> new Layer.Square();
      case "poly" -> new Layer.Poly((float) number(index, node, "a"), (float) number(index, node, "b"));
      case "relu" -> new Layer.Relu();
      case "transpose" -> new Layer.Transpose(ints(index, node, "perm"));
      case "conv1d" -> new Layer.Conv1d(weight(index, node, "weight"), weight(index, node, "bias"),
          node.path("padding").asInt(0), node.path("stride").asInt(1));
      case "batchnorm" -> new Layer.BatchNorm(weight(index, node, "gamma"), weight(index, node, "beta"),
          weight(index, node, "mean"), weight(index, node, "var"), node.path("eps").asDouble(1e-5));
      case "maxpool1d" -> {
        int kernel = (int) number(index, node, "kernel");
        // PyTorch's MaxPool1d defaults its stride to the kernel size
        yield new Layer.MaxPool1d(kernel, node.path("stride").asInt(kernel));
      }
      case "globalavgpool1d" -> new Layer.GlobalAvgPool1d();
      default -> throw error("layer " + index + " has unknown type '" + type + "' (supported: "
          + SUPPORTED_TYPES + ")");
    };
  }

  private Layer.Weight weight(int index, JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw error("layer " + index + " (" + node.path("type").asText() + ") names no '" + key + "' file");
    }
    String file = value.asText();
    Path path = modelDir.resolve(file).normalize();
    if (!path.startsWith(modelDir)) {
      throw error("layer " + index + ": '" + key + "' = " + file + " points outside the model directory");
    }
    if (!Files.isRegularFile(path)) {
      throw error("layer " + index + " (" + node.path("type").asText() + "): weight file " + file
          + " ('" + key + "') does not exist in " + modelDir);
    }
    Npy.FloatArray array = Npy.readFloat(path);
    return new Layer.Weight(file, array.shape(), array.data());
  }

  private double number(int index, JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isNumber()) {
      throw error("layer " + index + " (" + node.path("type").asText() + ") has no number '" + key + "'");
    }
    return value.asDouble();
  }

  private int[] ints(int index, JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isArray() || value.isEmpty()) {
      throw error("layer " + index + " (" + node.path("type").asText() + ") has no integer list '" + key
          + "'");
    }
    int[] result = new int[value.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = value.get(i).asInt();
    }
    return result;
  }

  private int[] inputShape(JsonNode root) {
    JsonNode value = root.get("input");
    if (value == null || !value.isArray() || value.isEmpty()) {
      throw error("'input' (the shape of one sample, e.g. [60, 8]) is missing");
    }
    int[] shape = new int[value.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = value.get(i).asInt();
      if (shape[i] <= 0) {
        throw error("'input' " + value + " has a dimension that is not a positive integer");
      }
    }
    return shape;
  }
}
