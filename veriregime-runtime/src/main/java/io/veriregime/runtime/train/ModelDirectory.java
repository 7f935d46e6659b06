package io.veriregime.runtime.train;

import ai.djl.nn.Parameter;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.model.Classes;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.model.TrainingCurves;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained network as a model directory (DEVELOPERS.md, "Models"): {@code model.json},
 * {@code weights/*.npy} in PyTorch layout, {@code test.logits.npy}, {@code metrics.json}, plus
 * {@code curves.json} (per-epoch training curves for the report). Every file is written atomically.
 */
public final class ModelDirectory {

  private ModelDirectory() {}

  public static void write(Path dir, Network network, TrainingData dataset, float[] testLogits, Object metrics,
                           TrainingCurves curves) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("kind", network.kind());
    model.put("input", List.of(dataset.test().window(), dataset.test().featureCount()));
    model.put("classes", Classes.NAMES);
    model.put("layers", network.layers());
    JsonFiles.write(ModelFiles.modelJson(dir), model);
    for (Map.Entry<String, Parameter> weight : network.exportedParameters().entrySet()) {
      var array = weight.getValue().getArray();
      long[] shape = array.getShape().getShape();
      int[] intShape = new int[shape.length];
      for (int i = 0; i < shape.length; i++) intShape[i] = Math.toIntExact(shape[i]);
      Npy.writeFloat(dir.resolve(ModelFiles.weightReference(weight.getKey())), intShape, array.toFloatArray());
    }
    writeLogits(ModelFiles.testLogits(dir), testLogits);
    JsonFiles.write(ModelFiles.metrics(dir), metrics);
    JsonFiles.write(ModelFiles.curves(dir), curves);
  }

  /** Logits {@code (n, 3)} as float32 .npy. */
  public static void writeLogits(Path file, float[] logits) {
    Npy.writeFloat(file, new int[] {logits.length / Classes.NAMES.size(), Classes.NAMES.size()}, logits);
  }
}
