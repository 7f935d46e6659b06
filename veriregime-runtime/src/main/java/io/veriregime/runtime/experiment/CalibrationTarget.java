package io.veriregime.runtime.experiment;

/** What EZKL's calibrate-settings optimises for. */
public enum CalibrationTarget implements ConfigEnum {
  RESOURCES, ACCURACY
}
