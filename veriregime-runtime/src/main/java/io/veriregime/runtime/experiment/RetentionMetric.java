package io.veriregime.runtime.experiment;

/** The test metric a student's retention of the teacher is measured on ({@code gates.retentionMetric}). */
public enum RetentionMetric implements ConfigEnum {
  ACCURACY, MACRO_F1, BALANCED_ACCURACY
}
