package io.veriregime.runtime.model;

import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import java.nio.file.Path;

/**
 * Writes a trained model as a model directory (DEVELOPERS.md, "Models"): {@code model.json},
 * {@code weights/*.npy} in PyTorch layout, {@code test.logits.npy}, {@code metrics.json}, plus
 * {@code curves.json} (per-epoch training curves for the report). Every file is written atomically.
 */
public final class ModelDirectory {

  private ModelDirectory() {}

  public static void write(Path dir, ModelDefinition model, float[] testLogits, ModelMetrics metrics,
                           TrainingCurves curves) {
    model.write(dir);
    writeLogits(ModelFiles.testLogits(dir), testLogits);
    JsonFiles.write(ModelFiles.metrics(dir), metrics);
    JsonFiles.write(ModelFiles.curves(dir), curves);
  }

  /** Logits {@code (n, 3)} as float32 .npy. */
  public static void writeLogits(Path file, float[] logits) {
    Npy.writeFloat(file, new int[] {logits.length / Classes.NAMES.size(), Classes.NAMES.size()}, logits);
  }
}
