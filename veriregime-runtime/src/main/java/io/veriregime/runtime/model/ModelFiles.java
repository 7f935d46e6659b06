package io.veriregime.runtime.model;

import java.nio.file.Path;

/**
 * The files of a model directory (DEVELOPERS.md, "Models"), named in one place for the stages that
 * write models (train-teacher, distill) and those that read them (zk-compile, zk-prove, the ONNX
 * exporter).
 */
public final class ModelFiles {

  private ModelFiles() {}

  /** The architecture, with the weight files it names. */
  public static Path modelJson(Path modelDir) {
    return modelDir.resolve("model.json");
  }

  /** float32 {@code (N, 3)}: the trained model's logits on the test split, computed by DJL. */
  public static Path testLogits(Path modelDir) {
    return modelDir.resolve("test.logits.npy");
  }

  public static Path metrics(Path modelDir) {
    return modelDir.resolve("metrics.json");
  }

  public static Path curves(Path modelDir) {
    return modelDir.resolve("curves.json");
  }

  /**
   * Whether a file of a model directory (relative to it) records how training went rather than the
   * model: metrics.json and curves.json carry wall times, and what they score follows from the
   * weights and the data. A stage that reads a model leaves them out of its fingerprint, or a model
   * retrained to identical weights would rebuild everything downstream.
   */
  public static boolean isTrainingRecord(String relativeFile) {
    return relativeFile.equals(metrics(Path.of("")).toString()) || relativeFile.equals(curves(Path.of("")).toString());
  }

  /** The model.json reference to a weight file stem, e.g. {@code weights/fc0.weight.npy}. */
  static String weightReference(String stem) {
    return "weights/" + stem + ".npy";
  }
}
