package io.veriregime.runtime.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.model.ModelFiles;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Runs an exported ONNX file in ONNX Runtime on test samples and compares its logits with the
 * model directory's {@code test.logits.npy} (the trained model's own logits, computed by DJL on
 * the same samples). An export that computes something else fails here, with the figure, instead
 * of being proved.
 */
public final class OnnxCheck {

  /**
   * Allowed |difference| per logit, relative to max(1, largest |logit|): float32 sums of a few
   * hundred products in a different order differ by about 1e-6 of their magnitude, so 1e-4 leaves
   * room for that and still catches a wrong weight, layout or activation.
   */
  public static final double DEFAULT_TOLERANCE = 1e-4;

  private OnnxCheck() {}

  /**
   * Compares the first {@code samples} rows of {@code features} (float32 {@code (N, 60, 8)}, the
   * file the trained model's {@code test.logits.npy} was computed on), or all of them when there
   * are fewer. A logit passes when |ONNX − trained| ≤ {@code tolerance} × max(1, largest |logit|):
   * relative, because x² students reach logits in the thousands where float32 keeps ~4 digits
   * after the point.
   *
   * @throws VeriRegimeException when a logit differs by more than the allowed difference, or
   *                             the files do not fit together
   */
  public static OnnxCheckResult check(Path onnxFile, Path modelDir, Path features, int samples, double tolerance) {
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be at least 1, was " + samples);
    }
    Path logitsFile = ModelFiles.testLogits(modelDir);
    if (!Files.isRegularFile(logitsFile)) {
      throw new VeriRegimeException(logitsFile + " does not exist, so the ONNX export of " + modelDir
          + " cannot be checked against the trained model. Fix: re-run the stage that trained it "
          + "(train-teacher or distill); it writes test.logits.npy beside model.json.");
    }
    Npy.FloatArray expected = Npy.readFloat(logitsFile);
    Npy.FloatArray inputs = Npy.readFloat(features);
    if (expected.shape().length != 2 || inputs.shape().length < 2 || inputs.shape()[0] != expected.shape()[0]) {
      throw new VeriRegimeException(logitsFile + " has shape " + Arrays.toString(expected.shape()) + " but "
          + features + " has shape " + Arrays.toString(inputs.shape()) + ": the logits were not computed "
          + "on these samples. Fix: re-run the stage that trained " + modelDir + " after fetch-data, so "
          + "both come from the same data.");
    }
    int count = Math.min(samples, inputs.shape()[0]);
    int classes = expected.shape()[1];
    float[] actual = run(onnxFile, inputs, count, classes);
    return compare(onnxFile, modelDir, expected, actual, count, tolerance);
  }

  /** Runs the first {@code count} samples through ONNX Runtime in batches of the graph's fixed batch size. */
  private static float[] run(Path onnxFile, Npy.FloatArray inputs, int count, int classes) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      // one thread: the models are small, and the build machine is shared
      options.setIntraOpNumThreads(1);
      try (OrtSession session = environment.createSession(onnxFile.toString(), options)) {
        long[] inputShape = tensorInfo(session.getInputInfo().get(OnnxExporter.INPUT), onnxFile).getShape();
        long[] outputShape = tensorInfo(session.getOutputInfo().get(OnnxExporter.OUTPUT), onnxFile).getShape();
        int[] sampleShape = Arrays.copyOfRange(inputs.shape(), 1, inputs.shape().length);
        long[] graphSampleShape = Arrays.copyOfRange(inputShape, 1, inputShape.length);
        if (!Arrays.equals(Arrays.stream(sampleShape).asLongStream().toArray(), graphSampleShape)
            || outputShape.length != 2 || outputShape[1] != classes) {
          throw new VeriRegimeException(onnxFile + " takes " + Arrays.toString(inputShape) + " and gives "
              + Arrays.toString(outputShape) + ", which does not fit samples of shape "
              + Arrays.toString(sampleShape) + " with " + classes + " logits each. Fix: export the "
              + "model trained on this data (run the stages from fetch-data on).");
        }
        int batch = inputShape[0] > 0 ? (int) inputShape[0] : count;
        int sampleSize = Arrays.stream(sampleShape).reduce(1, Math::multiplyExact);
        long[] batchShape = inputShape.clone();
        batchShape[0] = batch;
        float[] logits = new float[count * classes];
        for (int start = 0; start < count; start += batch) {
          int rows = Math.min(batch, count - start);
          // the last batch is padded with zeros; their logits are not read
          float[] chunk = new float[batch * sampleSize];
          System.arraycopy(inputs.data(), start * sampleSize, chunk, 0, rows * sampleSize);
          try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(chunk), batchShape);
            OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, tensor))) {
            FloatBuffer output = ((OnnxTensor) result.get(0)).getFloatBuffer();
            output.get(logits, start * classes, rows * classes);
          }
        }
        return logits;
      }
    } catch (OrtException e) {
      throw new VeriRegimeException("ONNX Runtime could not run " + onnxFile + ": " + e.getMessage()
          + ". Fix: delete it and re-run zk-compile to export it again; if that fails too, report it "
          + "with the model directory attached.", e);
    }
  }

  private static TensorInfo tensorInfo(NodeInfo node, Path onnxFile) {
    if (node == null || !(node.getInfo() instanceof TensorInfo info)) {
      throw new VeriRegimeException(onnxFile + " has no tensor '" + OnnxExporter.INPUT + "' → '"
          + OnnxExporter.OUTPUT + "': it was not written by OnnxExporter. Fix: delete it and re-run "
          + "zk-compile to export it again.");
    }
    return info;
  }

  private static OnnxCheckResult compare(Path onnxFile, Path modelDir, Npy.FloatArray expected, float[] actual,
                     int count, double tolerance) {
    int classes = expected.shape()[1];
    double maxDifference = 0;
    double largestLogit = 0;
    int worst = 0;
    int agreements = 0;
    for (int sample = 0; sample < count; sample++) {
      int offset = sample * classes;
      for (int c = 0; c < classes; c++) {
        double difference = Math.abs(actual[offset + c] - expected.data()[offset + c]);
        largestLogit = Math.max(largestLogit, Math.abs(expected.data()[offset + c]));
        if (!(difference <= maxDifference)) { // NaN counts as the worst difference
          maxDifference = difference;
          worst = sample;
        }
      }
      if (argmax(actual, offset, classes) == argmax(expected.data(), offset, classes)) {
        agreements++;
      }
    }
    double allowed = tolerance * Math.max(1, largestLogit);
    if (!(maxDifference <= allowed)) {
      throw new VeriRegimeException(String.format(
          "%s does not compute what the trained model in %s computes: on %d test samples its logits "
              + "differ from %s by up to %.4g (worst at sample %d), more than the allowed %.3g "
              + "(tolerance %.1g × max(1, largest |logit| %.4g)); %d of %d predicted classes agree. "
              + "Fix: re-run the stage that trained the model so model.json, weights/ and %s are "
              + "written together, then zk-compile; if it persists, report it with the model "
              + "directory attached.",
          onnxFile, modelDir, count, ModelFiles.testLogits(modelDir).getFileName(), maxDifference, worst, allowed, tolerance, largestLogit,
          agreements, count, ModelFiles.testLogits(modelDir).getFileName()));
    }
    return new OnnxCheckResult(onnxFile, modelDir, count, maxDifference, allowed, agreements);
  }

  private static int argmax(float[] values, int offset, int length) {
    int best = 0;
    for (int i = 1; i < length; i++) {
      if (values[offset + i] > values[offset + best]) {
        best = i;
      }
    }
    return best;
  }
}
