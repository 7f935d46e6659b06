package io.veriregime.runtime.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.stage.Versions;
import java.nio.file.Path;
import java.util.List;

/**
 * Exports a model directory (DEVELOPERS.md "Models": {@code model.json} + {@code weights/*.npy},
 * the {@code mlp} student or the {@code cnn1d} teacher) to an ONNX file with input {@code input}
 * {@code (batch, 60, 8)} and output {@code logits} {@code (batch, 3)}.
 *
 * <p>The student becomes Flatten → Gemm → activation … → Gemm, with x² as {@code Mul(x, x)} and
 * a·x² + b·x as {@code Mul(x, Add(Mul(x, a), b))}. The teacher becomes Transpose → (Conv with the
 * following BatchNormalization folded in) → Relu → MaxPool … → GlobalAveragePool → Flatten → Gemm.
 */
public final class OnnxExporter {

  /** Opset 13: every operator used here is in it, and EZKL 23 and ONNX Runtime 1.20 both read it. */
  public static final int OPSET = 13;
  public static final String INPUT = "input";
  public static final String OUTPUT = "logits";
  /** EZKL proves one sample per proof, so its circuits are built from a batch-1 graph. */
  public static final int EZKL_BATCH_SIZE = 1;

  private OnnxExporter() {}

  /** Exports with a fixed batch of {@value #EZKL_BATCH_SIZE}, the graph EZKL compiles. */
  public static OnnxExport export(Path modelDir, Path onnxFile) {
    return export(modelDir, onnxFile, EZKL_BATCH_SIZE);
  }

  /**
   * Exports with a fixed batch size and writes {@code onnxFile} atomically. The same model
   * directory and batch size always give the same bytes.
   */
  public static OnnxExport export(Path modelDir, Path onnxFile, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
    }
    ModelDefinition model = ModelDefinition.read(modelDir);
    ModelProto proto = new GraphTranslator(model, modelDir, batchSize).translate(INPUT, OUTPUT, OPSET, Versions.veriregime());
    byte[] bytes = proto.toByteArray();
    AtomicFiles.write(onnxFile, bytes);
    long parameters = proto.getGraph().getInitializerList().stream()
        .mapToLong(tensor -> tensor.getRawData().size() / Float.BYTES)
        .sum();
    return new OnnxExport(onnxFile, model.kind(), OPSET, dims(proto.getGraph().getInput(0)),
        dims(proto.getGraph().getOutput(0)), parameters, proto.getGraph().getNodeCount(),
        Hashing.sha256(bytes));
  }

  private static List<Long> dims(ValueInfoProto value) {
    return value.getType().getTensorType().getShape().getDimList().stream()
        .map(TensorShapeProto.Dimension::getDimValue)
        .toList();
  }
}
