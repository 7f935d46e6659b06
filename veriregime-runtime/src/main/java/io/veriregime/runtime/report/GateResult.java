package io.veriregime.runtime.report;

/**
 * One gate, evaluated: its threshold and what was measured, both as shown to a person, and where
 * the measured value comes from.
 *
 * @param measured null when it could not be measured (the stage that measures it did not run)
 * @param where the file (relative to the output root) and field holding the measured value
 * @param skipped why the gate was not judged (proving was skipped on purpose, e.g. with {@code -DskipTests}),
 *     or null: a skipped gate has not passed, and does not fail the build
 */
public record GateResult(String name, String threshold, String measured, boolean passed, String where,
                         String skipped) {

  /** A gate that was judged. */
  GateResult(String name, String threshold, String measured, boolean passed, String where) {
    this(name, threshold, measured, passed, where, null);
  }

  /** A gate that needs what a deliberately skipped step would have measured. */
  static GateResult skipped(String name, String threshold, String where, String reason) {
    return new GateResult(name, threshold, null, false, where, reason);
  }

  /** Missed: judged and not passed. */
  boolean missed() {
    return !passed && skipped == null;
  }

  /** One line for the log and the build failure: gate, threshold, measured or why skipped, where to look. */
  String describe() {
    String value = skipped != null ? "skipped (" + skipped + ")"
        : "measured " + (measured == null ? "nothing (not measured)" : measured);
    return name + ": threshold " + threshold + ", " + value + " (" + where + ")";
  }
}
