package io.veriregime.runtime.experiment;

/** How the SELL/HOLD/BUY threshold on a window's forward return is chosen ({@code data.labels}). */
public enum Labeling implements ConfigEnum {
  /** {@code data.threshold} as given. */
  FIXED,
  /**
   * Fitted on the training split alone: the threshold that makes {@code data.holdFraction} of the
   * training windows HOLD (a quantile of |forward return|), so the classes stay balanced when a
   * fixed return would label most quiet minutes HOLD. Validation and test never influence it.
   */
  TRAIN_QUANTILE
}
