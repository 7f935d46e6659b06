package io.veriregime.runtime.optimize;

import io.veriregime.runtime.model.ModelMetrics;
import java.nio.file.Path;
import java.util.List;

/**
 * A way of making a cheaper-to-prove student from the distilled one (other activations, weights on
 * a grid, ...). A family only builds the candidate's model directory; {@link CandidateMeasurer}
 * then exports, checks and costs it like any other. {@link CandidateFamilies} says which family
 * builds each {@code optimize.candidates} value.
 */
interface CandidateFamily {

  /**
   * Builds candidate {@code name} into {@code context.layout().optimizeCandidate(name)}: model.json,
   * weights, test logits, metrics and curves, the logits computed from exactly the weights written
   * (the ONNX check compares the export with them).
   */
  Built build(String name, CandidateContext context);

  /**
   * What a family built.
   *
   * @param activation what the hidden layers compute, for selection.json and the log
   * @param modelDir the model directory written; null when it failed
   * @param metrics its validation and test scores; null when it failed
   * @param fits per hidden layer, the fitted range and polynomial (fixed-fit candidates only)
   * @param mixedPrecision the evidence behind per-layer widths ({@code hawq} only), its circuit effect
   *     left for the measurer; else null
   * @param failure why nothing can be measured (e.g. its fine-tuning diverged); null when built
   */
  record Built(String activation, Path modelDir, ModelMetrics metrics, List<ActivationFit> fits,
               MixedPrecision mixedPrecision, String failure) {

    static Built of(String activation, Path modelDir, ModelMetrics metrics, List<ActivationFit> fits) {
      return new Built(activation, modelDir, metrics, fits, null, null);
    }

    /** A fine-tuning that diverged; the candidate is named as its activation, as nothing was written. */
    static Built diverged(String name, String message) {
      return new Built(name, null, null, List.of(), null, "fine-tuning diverged: " + message);
    }

    Built withMixedPrecision(MixedPrecision evidence) {
      return new Built(activation, modelDir, metrics, fits, evidence, failure);
    }
  }
}
