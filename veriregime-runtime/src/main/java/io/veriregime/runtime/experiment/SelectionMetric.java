package io.veriregime.runtime.experiment;

/**
 * What "better on validation" means when training keeps its best epoch and stops early, and when
 * the distillation grid keeps its best student. On minute data accuracy and loss are dominated by
 * HOLD; macro-F1 and balanced accuracy reward a model for the rarer SELL and BUY too.
 */
public enum SelectionMetric implements ConfigEnum {
  /** Lowest validation loss (the training objective). */
  LOSS,
  MACRO_F1,
  BALANCED_ACCURACY;

  /** A score where higher is better, from one epoch's validation loss and class metrics. */
  public double score(double validationLoss, double macroF1, double balancedAccuracy) {
    return switch (this) {
      case LOSS -> -validationLoss;
      case MACRO_F1 -> macroF1;
      case BALANCED_ACCURACY -> balancedAccuracy;
    };
  }

  /** For messages: "validation loss", "validation macro-F1", … */
  public String description() {
    return switch (this) {
      case LOSS -> "validation loss";
      case MACRO_F1 -> "validation macro-F1";
      case BALANCED_ACCURACY -> "validation balanced accuracy";
    };
  }
}
