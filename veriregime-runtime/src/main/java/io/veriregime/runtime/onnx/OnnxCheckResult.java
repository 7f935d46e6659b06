package io.veriregime.runtime.onnx;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Agreement between an exported ONNX file run in ONNX Runtime and the trained model's own logits.
 *
 * @param samples           number of test samples compared
 * @param maxAbsDifference  largest |ONNX logit − trained logit| over all samples and classes
 * @param allowedDifference the limit it was checked against (tolerance × max(1, largest |logit|))
 * @param argmaxAgreements  samples whose predicted class is the same in both
 */
public record OnnxCheckResult(Path onnxFile, Path modelDir, int samples, double maxAbsDifference,
               double allowedDifference, int argmaxAgreements) {

  /** The figures for a stage manifest's metrics. */
  public Map<String, Object> metrics() {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("onnxCheckSamples", samples);
    metrics.put("onnxMaxAbsDifference", maxAbsDifference);
    metrics.put("onnxAllowedDifference", allowedDifference);
    metrics.put("onnxArgmaxAgreements", argmaxAgreements);
    return metrics;
  }
}
