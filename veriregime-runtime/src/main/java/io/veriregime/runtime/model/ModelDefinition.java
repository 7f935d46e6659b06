package io.veriregime.runtime.model;

import io.veriregime.runtime.VeriRegimeException;
import java.nio.file.Path;
import java.util.List;

/**
 * A model as a model directory holds it (DEVELOPERS.md "Models"): {@code model.json} plus the
 * weight files it names, with the weights loaded. The stages that train a model write it, the
 * exporters read it; both go through {@link ModelJson}, the one place that knows the format.
 *
 * @param kind    {@code mlp} (student) or {@code cnn1d} (teacher)
 * @param input   the shape of one sample, e.g. {@code [60, 8]}
 * @param classes the class of each logit, in order ({@link Classes#NAMES})
 */
public record ModelDefinition(String kind, List<Integer> input, List<String> classes, List<Layer> layers) {

  public static final String REWRITE_FIX =
      "re-run the stage that wrote this model directory (train-teacher or distill) so model.json and "
          + "weights/ are written together by this VeriRegime version";

  public ModelDefinition {
    input = List.copyOf(input);
    classes = List.copyOf(classes);
    layers = List.copyOf(layers);
  }

  /**
   * Reads {@code model.json} and the weights it names; every problem is reported against
   * {@code model.json} (and the layer's index), because that is what a person opens to find it.
   */
  public static ModelDefinition read(Path modelDir) {
    return ModelJson.read(modelDir);
  }

  /** Writes {@code weights/*.npy}, then {@code model.json} (so it never names a weight not yet written), each atomically. */
  public void write(Path modelDir) {
    ModelJson.write(this, modelDir);
  }

  /** An error about one layer: names model.json, the layer index and type, the problem and the fix. */
  public VeriRegimeException layerError(Path modelDir, int index, String problem, String fix) {
    return problem(modelDir, "layer " + index + " (" + layers.get(index).type() + "): " + problem, fix);
  }

  /** An error about the model: names model.json, the problem and the fix. */
  public static VeriRegimeException problem(Path modelDir, String problem, String fix) {
    return new VeriRegimeException(ModelFiles.modelJson(modelDir.toAbsolutePath().normalize()) + ": " + problem
        + ". Fix: " + fix + ".");
  }
}
