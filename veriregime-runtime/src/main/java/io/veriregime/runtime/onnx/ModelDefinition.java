package io.veriregime.runtime.onnx;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.model.ModelFiles;
import java.nio.file.Path;
import java.util.List;

/**
 * A model directory per DEVELOPERS.md "Models": {@code model.json} plus the weight files it names
 * (read by {@link ModelJsonReader}). Every problem is reported against {@code model.json} and the
 * layer's index, because that is what a person opens to find it.
 */
record ModelDefinition(Path modelDir, String kind, int[] input, List<String> classes, List<Layer> layers) {

  static final String REWRITE_FIX =
      "re-run the stage that wrote this model directory (train-teacher or distill) so model.json and "
          + "weights/ are written together by this VeriRegime version";

  static ModelDefinition read(Path modelDir) {
    return new ModelJsonReader(modelDir).read();
  }

  Path modelJson() {
    return ModelFiles.modelJson(modelDir);
  }

  /** An error about one layer: names model.json, the layer index and type, the problem and the fix. */
  VeriRegimeException layerError(int index, String problem, String fix) {
    return problem(modelJson(), "layer " + index + " (" + layers.get(index).type() + "): " + problem, fix);
  }

  static VeriRegimeException problem(Path modelJson, String problem, String fix) {
    return new VeriRegimeException(modelJson + ": " + problem + ". Fix: " + fix + ".");
  }
}
