package io.veriregime.runtime.onnx;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link OnnxExporter#export} wrote.
 *
 * @param onnxFile       the ONNX model file
 * @param modelKind      {@code mlp} (student) or {@code cnn1d} (teacher), from model.json
 * @param opset          the ONNX default-domain opset the graph uses
 * @param inputShape     shape of the input {@code input}, batch first, e.g. [1, 60, 8]
 * @param outputShape    shape of the output {@code logits}, batch first, e.g. [1, 3]
 * @param parameterCount number of float parameters in the graph (after batch-norm folding)
 * @param nodeCount      number of ONNX nodes
 * @param sha256         hash of the file's bytes (identical for identical inputs)
 */
public record OnnxExport(Path onnxFile, String modelKind, int opset, List<Long> inputShape,
            List<Long> outputShape, long parameterCount, int nodeCount, String sha256) {

  public int batchSize() {
    return inputShape.get(0).intValue();
  }
}
