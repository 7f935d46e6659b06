package io.veriregime.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json} and the {@code weights/*.npy} it names, both ways. Reading and writing of each
 * layer type sit side by side so a new layer or attribute is added in one place; optional
 * attributes (a poly's constant and higher powers, quantisation) are written only when present, so
 * the models of today keep their exact bytes.
 */
final class ModelJson {

  private static final String SUPPORTED_TYPES =
      "flatten, linear, square, poly, relu, transpose, conv1d, batchnorm, maxpool1d, globalavgpool1d";

  private final Path modelDir;
  private final Path modelJson;

  private ModelJson(Path modelDir) {
    this.modelDir = modelDir.toAbsolutePath().normalize();
    this.modelJson = ModelFiles.modelJson(this.modelDir);
  }

  static ModelDefinition read(Path modelDir) {
    return new ModelJson(modelDir).read();
  }

  static void write(ModelDefinition model, Path modelDir) {
    for (Layer layer : model.layers()) {
      for (Layer.Weight weight : layer.weights()) {
        Npy.writeFloat(modelDir.resolve(weight.file()), weight.shape(), weight.data());
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", model.kind());
    json.put("input", model.input());
    json.put("classes", model.classes());
    json.put("layers", model.layers().stream().map(ModelJson::layer).toList());
    JsonFiles.write(ModelFiles.modelJson(modelDir), json);
  }

  // ---- writing

  private static Map<String, Object> layer(Layer layer) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("type", layer.type());
    if (layer instanceof Layer.Linear linear) {
      json.put("weight", linear.weight().file());
      json.put("bias", linear.bias().file());
      putQuantisation(json, linear.quantisation());
    } else if (layer instanceof Layer.Poly poly) {
      if (poly.degree() == 2) {
        json.put("a", poly.a());
        json.put("b", poly.b());
        if (poly.c() != 0) {
          json.put("c", poly.c());
        }
      } else {
        json.put("coefficients", poly.coefficients());
      }
    } else if (layer instanceof Layer.Transpose transpose) {
      json.put("perm", transpose.perm());
    } else if (layer instanceof Layer.Conv1d conv) {
      json.put("weight", conv.weight().file());
      json.put("bias", conv.bias().file());
      json.put("padding", conv.padding());
      json.put("stride", conv.stride());
      putQuantisation(json, conv.quantisation());
    } else if (layer instanceof Layer.BatchNorm norm) {
      json.put("gamma", norm.gamma().file());
      json.put("beta", norm.beta().file());
      json.put("mean", norm.mean().file());
      json.put("var", norm.variance().file());
      json.put("eps", norm.eps());
    } else if (layer instanceof Layer.MaxPool1d pool) {
      json.put("kernel", pool.kernel());
      json.put("stride", pool.stride());
    }
    return json;
  }

  private static void putQuantisation(Map<String, Object> json, Layer.Quantisation quantisation) {
    if (quantisation != null) {
      json.put("quantisation", Map.of("bits", quantisation.bits(), "scale", quantisation.scale()));
    }
  }

  // ---- reading

  private ModelDefinition read() {
    if (!Files.isRegularFile(modelJson)) {
      throw new VeriRegimeException(modelJson + " does not exist, so there is no model to export. Fix: "
          + "run the stage that trains it (train-teacher or distill) first.");
    }
    JsonNode root = JsonFiles.readTree(modelJson);
    String kind = root.path("kind").asText("");
    if (kind.isBlank()) {
      throw error("'kind' (mlp or cnn1d) is missing");
    }
    List<Integer> input = inputShape(root);
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
    return new ModelDefinition(kind, input, classes, layers);
  }

  private VeriRegimeException error(String problem) {
    return ModelDefinition.problem(modelDir, problem, ModelDefinition.REWRITE_FIX);
  }

  private Layer layer(int index, JsonNode node) {
    String type = node.path("type").asText("");
    return switch (type) {
      case "flatten" -> new Layer.Flatten();
      case "linear" -> new Layer.Linear(weight(index, node, "weight"), weight(index, node, "bias"),
          quantisation(index, node));
      case "square" -> new Layer.Square();
      case "poly" -> poly(index, node);
      case "relu" -> new Layer.Relu();
      case "transpose" -> new Layer.Transpose(ints(index, node, "perm"));
      case "conv1d" -> new Layer.Conv1d(weight(index, node, "weight"), weight(index, node, "bias"),
          node.path("padding").asInt(0), node.path("stride").asInt(1), quantisation(index, node));
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

  private Layer.Poly poly(int index, JsonNode node) {
    JsonNode coefficients = node.get("coefficients");
    if (coefficients == null) {
      double a = number(index, node, "a");
      double b = number(index, node, "b");
      double c = node.has("c") ? number(index, node, "c") : 0;
      return new Layer.Poly(List.of(c, b, a));
    }
    if (!coefficients.isArray() || coefficients.size() < 3) {
      throw error("layer " + index + " (poly): 'coefficients' must list the numbers of x⁰, x¹, x² and any "
          + "higher powers, in that order");
    }
    List<Double> values = new ArrayList<>();
    for (JsonNode value : coefficients) {
      if (!value.isNumber()) {
        throw error("layer " + index + " (poly): 'coefficients' holds " + value + ", which is not a number");
      }
      values.add(value.asDouble());
    }
    return new Layer.Poly(values);
  }

  /** The optional {@code "quantisation": {"bits": 8, "scale": 0.01}} of a layer with weights. */
  private Layer.Quantisation quantisation(int index, JsonNode node) {
    JsonNode quantisation = node.get("quantisation");
    if (quantisation == null) {
      return null;
    }
    JsonNode bits = quantisation.get("bits");
    JsonNode scale = quantisation.get("scale");
    if (bits == null || !bits.canConvertToInt() || bits.asInt() < 1 || scale == null || !scale.isNumber()
        || !(scale.asDouble() > 0)) {
      throw error("layer " + index + " (" + node.path("type").asText() + "): 'quantisation' " + quantisation
          + " needs a positive integer 'bits' and a positive number 'scale'");
    }
    return new Layer.Quantisation(bits.asInt(), scale.asDouble());
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

  private List<Integer> ints(int index, JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || !value.isArray() || value.isEmpty()) {
      throw error("layer " + index + " (" + node.path("type").asText() + ") has no integer list '" + key
          + "'");
    }
    List<Integer> result = new ArrayList<>();
    value.forEach(element -> result.add(element.asInt()));
    return result;
  }

  private List<Integer> inputShape(JsonNode root) {
    JsonNode value = root.get("input");
    if (value == null || !value.isArray() || value.isEmpty()) {
      throw error("'input' (the shape of one sample, e.g. [60, 8]) is missing");
    }
    List<Integer> shape = new ArrayList<>();
    for (JsonNode dimension : value) {
      if (dimension.asInt() <= 0) {
        throw error("'input' " + value + " has a dimension that is not a positive integer");
      }
      shape.add(dimension.asInt());
    }
    return shape;
  }
}
