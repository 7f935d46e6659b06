package io.veriregime.runtime.model;

import java.util.Locale;

/**
 * {@code metrics.json} of a model directory: the model's scores on validation and test (each with
 * the majority-class baseline beside it) and how its training went.
 */
public record ModelMetrics(String model, ClassificationMetrics validation, ClassificationMetrics test,
                           int bestEpoch, int epochsRun, boolean stoppedEarly, double trainSamplesPerSecond) {

  /** One line for the log: test accuracy and macro-F1 against the majority baseline. */
  public String summary() {
    return String.format(Locale.ROOT,
        "%s: test accuracy %.4f (majority baseline %.4f), macro-F1 %.4f (baseline %.4f), balanced accuracy %.4f; best epoch %d of %d",
        model, test.accuracy(), test.majorityBaseline().accuracy(), test.macroF1(), test.majorityBaseline().macroF1(),
        test.balancedAccuracy(), bestEpoch, epochsRun);
  }
}
