package io.veriregime.runtime.experiment;

/** What to do with missing minutes in the klines. */
public enum GapPolicy implements ConfigEnum {
  /** Windows and label horizons never span a gap (default). */ DROP_WINDOWS, /** Missing minutes repeat the last close with zero volume. */ FORWARD_FILL, /** Any gap stops the build. */ FAIL
}
