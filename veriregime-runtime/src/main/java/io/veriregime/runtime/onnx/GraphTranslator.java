package io.veriregime.runtime.onnx;

import static io.veriregime.runtime.onnx.OnnxGraphBuilder.integer;
import static io.veriregime.runtime.onnx.OnnxGraphBuilder.ints;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Translates a {@link ModelDefinition} layer by layer into ONNX nodes, tracking the per-sample
 * shape so that a weight that does not fit is reported at its layer rather than by ONNX Runtime
 * or EZKL later. Node and value names start with {@code l<index>_} so a node in an EZKL or ONNX
 * Runtime message leads back to the layer in model.json.
 */
final class GraphTranslator {

  private final ModelDefinition model;
  /** Where the model was read from, named in every error. */
  private final Path modelDir;
  private final int batchSize;
  private final OnnxGraphBuilder graph;
  /** The current value's shape without the batch axis. */
  private int[] shape;
  private String value;

  GraphTranslator(ModelDefinition model, Path modelDir, int batchSize) {
    this.model = model;
    this.modelDir = modelDir;
    this.batchSize = batchSize;
    this.graph = new OnnxGraphBuilder(model.kind());
    this.shape = model.input().stream().mapToInt(Integer::intValue).toArray();
  }

  ModelProto translate(String inputName, String outputName, int opset, String producerVersion) {
    value = graph.input(inputName, withBatch(shape));
    List<Layer> layers = model.layers();
    for (int index = 0; index < layers.size(); index++) {
      Layer layer = layers.get(index);
      if (layer instanceof Layer.Conv1d conv) {
        Layer.BatchNorm norm = index + 1 < layers.size()
            && layers.get(index + 1) instanceof Layer.BatchNorm next ? next : null;
        conv1d(index, conv, norm);
        if (norm != null) {
          index++;
        }
      } else {
        translate(index, layer);
      }
    }
    checkLogits();
    SortedMap<String, String> metadata = new TreeMap<>();
    metadata.put("veriregime.kind", model.kind());
    metadata.put("veriregime.classes", String.join(",", model.classes()));
    return graph.build(outputName, withBatch(shape), opset, producerVersion,
        "VeriRegime " + model.kind() + " exported from model.json", metadata);
  }

  private void translate(int index, Layer layer) {
    if (layer instanceof Layer.Flatten) {
      value = graph.node(name(index, "flatten"), "Flatten", List.of(value), integer("axis", 1));
      shape = new int[] {Arrays.stream(shape).reduce(1, Math::multiplyExact)};
    } else if (layer instanceof Layer.Linear linear) {
      linear(index, linear);
    } else if (layer instanceof Layer.Square) {
      value = graph.node(name(index, "square"), "Mul", List.of(value, value));
    } else if (layer instanceof Layer.Poly poly) {
      poly(index, poly);
    } else if (layer instanceof Layer.Relu) {
      value = graph.node(name(index, "relu"), "Relu", List.of(value));
    } else if (layer instanceof Layer.Transpose transpose) {
      transpose(index, transpose.perm().stream().mapToInt(Integer::intValue).toArray());
    } else if (layer instanceof Layer.MaxPool1d pool) {
      maxPool1d(index, pool);
    } else if (layer instanceof Layer.GlobalAvgPool1d) {
      requireRank(index, 2, "(batch, channels, length)");
      String pooled = graph.node(name(index, "globalavgpool"), "GlobalAveragePool", List.of(value));
      value = graph.node(name(index, "flatten"), "Flatten", List.of(pooled), integer("axis", 1));
      shape = new int[] {shape[0]};
    } else if (layer instanceof Layer.BatchNorm) {
      throw model.layerError(modelDir, index, "a batchnorm must directly follow a conv1d (it is folded into that "
          + "convolution, which keeps the circuit small)", ModelDefinition.REWRITE_FIX);
    } else {
      throw new IllegalStateException("no ONNX translation for layer type " + layer.type());
    }
  }

  /**
   * A polynomial in Horner form, c₀ + x·(c₁ + x·(c₂ + …)): one multiplication per degree and no
   * powers, each element-wise operation a region of the circuit with its own fixed-point rescaling.
   * For a·x² + b·x this is x·(a·x + b), three operations instead of the four of a·(x·x) + b·x.
   */
  private void poly(int index, Layer.Poly poly) {
    List<Double> c = poly.coefficients();
    String x = value;
    String acc = graph.node(name(index, "mul" + poly.degree()), "Mul",
        List.of(x, graph.scalar(name(index, "c" + poly.degree()), c.get(poly.degree()).floatValue())));
    for (int power = poly.degree() - 1; power >= 1; power--) {
      String plus = graph.node(name(index, "add" + power), "Add",
          List.of(acc, graph.scalar(name(index, "c" + power), c.get(power).floatValue())));
      acc = graph.node(name(index, "mul" + power), "Mul", List.of(x, plus));
    }
    if (poly.c() != 0) {
      acc = graph.node(name(index, "add0"), "Add", List.of(acc, graph.scalar(name(index, "c0"), (float) poly.c())));
    }
    value = acc;
  }

  /**
   * Quantised weights are exported as they are stored: already on their grid, so the float values
   * are the integers times the scale, which EZKL's fixed-point parameters can represent exactly when
   * its param scale is at least as fine. A weight off its grid means the file was written by
   * something else, and is refused rather than rounded silently.
   */
  private void requireOnGrid(int index, Layer.Weight weight, Layer.Quantisation quantisation) {
    if (quantisation == null) {
      return;
    }
    long limit = (1L << (quantisation.bits() - 1)) - 1;
    for (int i = 0; i < weight.data().length; i++) {
      double steps = weight.data()[i] / quantisation.scale();
      if (Math.abs(steps - Math.rint(steps)) > 1e-3 || Math.abs(Math.rint(steps)) > limit) {
        throw model.layerError(modelDir, index, weight.file() + "[" + i + "] = " + weight.data()[i] + " is not on the "
            + quantisation.bits() + "-bit grid of scale " + quantisation.scale() + " (integers within ±" + limit + ")",
            ModelDefinition.REWRITE_FIX);
      }
    }
  }

  private void linear(int index, Layer.Linear linear) {
    requireRank(index, 1, "(batch, features): put a flatten before it");
    Layer.Weight weight = linear.weight();
    requireShape(index, weight, weight.rank() == 2 && weight.dim(1) == shape[0],
        "(out, " + shape[0] + ")");
    int out = weight.dim(0);
    requireShape(index, linear.bias(), linear.bias().rank() == 1 && linear.bias().dim(0) == out,
        "(" + out + ")");
    requireOnGrid(index, weight, linear.quantisation());
    String w = graph.initializer(name(index, "weight"), weight.shape(), weight.data());
    String b = graph.initializer(name(index, "bias"), linear.bias().shape(), linear.bias().data());
    // transB: the weight stays in PyTorch's (out, in) layout
    value = graph.node(name(index, "gemm"), "Gemm", List.of(value, w, b), integer("transB", 1));
    shape = new int[] {out};
  }

  private void transpose(int index, int[] perm) {
    int[] sorted = perm.clone();
    Arrays.sort(sorted);
    boolean permutation = Arrays.equals(sorted, IntStream.range(0, shape.length + 1).toArray());
    if (!permutation || perm[0] != 0) {
      throw model.layerError(modelDir, index, "perm " + Arrays.toString(perm) + " is not a permutation of the "
          + (shape.length + 1) + " axes of " + describe(shape) + " that keeps the batch axis first",
          ModelDefinition.REWRITE_FIX);
    }
    int[] permuted = new int[shape.length];
    for (int axis = 1; axis < perm.length; axis++) {
      permuted[axis - 1] = shape[perm[axis] - 1];
    }
    value = graph.node(name(index, "transpose"), "Transpose", List.of(value),
        ints("perm", Arrays.stream(perm).asLongStream().toArray()));
    shape = permuted;
  }

  /** A conv1d, with the batchnorm that follows it (or null) folded into its weight and bias. */
  private void conv1d(int index, Layer.Conv1d conv, Layer.BatchNorm norm) {
    requireRank(index, 2, "(batch, channels, length): put a transpose [0, 2, 1] before it");
    Layer.Weight weight = conv.weight();
    requireShape(index, weight, weight.rank() == 3 && weight.dim(1) == shape[0],
        "(out_channels, " + shape[0] + ", kernel)");
    int out = weight.dim(0);
    int kernel = weight.dim(2);
    requireShape(index, conv.bias(), conv.bias().rank() == 1 && conv.bias().dim(0) == out, "(" + out + ")");
    requireOnGrid(index, weight, conv.quantisation());
    int length = outputLength(index, shape[1], kernel, conv.stride(), conv.padding());
    float[] weights = weight.data();
    float[] bias = conv.bias().data();
    if (norm != null) {
      for (Layer.Weight vector : List.of(norm.gamma(), norm.beta(), norm.mean(), norm.variance())) {
        requireShape(index + 1, vector, vector.rank() == 1 && vector.dim(0) == out, "(" + out + ")");
      }
      weights = weights.clone();
      bias = bias.clone();
      foldBatchNorm(norm, weights, bias);
    }
    String w = graph.initializer(name(index, "weight"), weight.shape(), weights);
    String b = graph.initializer(name(index, "bias"), conv.bias().shape(), bias);
    value = graph.node(name(index, "conv"), "Conv", List.of(value, w, b),
        ints("kernel_shape", kernel), ints("strides", conv.stride()),
        ints("pads", conv.padding(), conv.padding()), ints("dilations", 1), integer("group", 1));
    shape = new int[] {out, length};
  }

  /**
   * Folds inference-mode batch normalisation into the convolution before it, in place:
   * w' = w·γ/√(σ²+ε) per output channel, b' = (b − μ)·γ/√(σ²+ε) + β. EZKL then proves one
   * convolution instead of a convolution plus element-wise operations, each with its own scale.
   */
  private static void foldBatchNorm(Layer.BatchNorm norm, float[] weights, float[] bias) {
    int perChannel = weights.length / bias.length;
    for (int channel = 0; channel < bias.length; channel++) {
      double scale = norm.gamma().data()[channel] / Math.sqrt(norm.variance().data()[channel] + norm.eps());
      for (int i = channel * perChannel; i < (channel + 1) * perChannel; i++) {
        weights[i] = (float) (weights[i] * scale);
      }
      bias[channel] = (float) ((bias[channel] - norm.mean().data()[channel]) * scale
          + norm.beta().data()[channel]);
    }
  }

  private void maxPool1d(int index, Layer.MaxPool1d pool) {
    requireRank(index, 2, "(batch, channels, length)");
    int length = outputLength(index, shape[1], pool.kernel(), pool.stride(), 0);
    value = graph.node(name(index, "maxpool"), "MaxPool", List.of(value),
        ints("kernel_shape", pool.kernel()), ints("strides", pool.stride()));
    shape = new int[] {shape[0], length};
  }

  private int outputLength(int index, int length, int kernel, int stride, int padding) {
    if (kernel < 1 || stride < 1 || padding < 0 || length + 2 * padding < kernel) {
      throw model.layerError(modelDir, index, "kernel " + kernel + ", stride " + stride + ", padding " + padding
          + " do not fit an input of length " + length, ModelDefinition.REWRITE_FIX);
    }
    return (length + 2 * padding - kernel) / stride + 1;
  }

  private void checkLogits() {
    int classes = model.classes().size();
    if (shape.length != 1 || (classes > 0 && shape[0] != classes)) {
      throw ModelDefinition.problem(modelDir, "the last layer produces " + describe(shape)
          + " but a classifier must end with logits (batch, " + (classes > 0 ? classes : "classes")
          + ") for " + model.classes(), ModelDefinition.REWRITE_FIX);
    }
  }

  private void requireRank(int index, int rank, String expected) {
    if (shape.length != rank) {
      throw model.layerError(modelDir, index, "gets input " + describe(shape) + " but needs " + expected,
          ModelDefinition.REWRITE_FIX);
    }
  }

  private void requireShape(int index, Layer.Weight weight, boolean fits, String expected) {
    if (!fits) {
      throw model.layerError(modelDir, index, weight.file() + " has shape " + Arrays.toString(weight.shape())
          + " but the layer's input " + describe(shape) + " needs " + expected,
          ModelDefinition.REWRITE_FIX);
    }
  }

  private long[] withBatch(int[] dims) {
    long[] result = new long[dims.length + 1];
    result[0] = batchSize;
    for (int i = 0; i < dims.length; i++) {
      result[i + 1] = dims[i];
    }
    return result;
  }

  private static String describe(int[] dims) {
    return Arrays.stream(dims).mapToObj(Integer::toString)
        .collect(Collectors.joining(", ", "(batch, ", ")"));
  }

  private static String name(int index, String what) {
    return "l" + index + "_" + what;
  }
}
