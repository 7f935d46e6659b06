package io.veriregime.runtime.report;

/**
 * One gate, evaluated: its threshold and what was measured, both as shown to a person, and where
 * the measured value comes from.
 *
 * @param measured null when it could not be measured (the stage that measures it did not run)
 * @param where the file (relative to the output root) and field holding the measured value
 */
public record GateResult(String name, String threshold, String measured, boolean passed, String where) {

  /** One line for the build failure: gate, threshold, measured, where to look. */
  String describe() {
    return name + ": threshold " + threshold + ", measured " + (measured == null ? "nothing (not measured)" : measured)
        + " (" + where + ")";
  }
}
