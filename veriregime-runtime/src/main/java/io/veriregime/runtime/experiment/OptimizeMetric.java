package io.veriregime.runtime.experiment;

/** The score a candidate may lose against the distilled student ({@code optimize.maxDrop}). */
public enum OptimizeMetric implements ConfigEnum {
  /** Mean of the per-class F1 scores: on this data accuracy is dominated by HOLD. */
  MACRO_F1,
  ACCURACY
}
