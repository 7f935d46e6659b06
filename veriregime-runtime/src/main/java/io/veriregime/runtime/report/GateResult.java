package io.veriregime.runtime.report;

/**
 * One gate, evaluated: its threshold and what was measured, both as shown to a person, and where
 * the measured value comes from.
 *
 * @param measured null when it could not be measured (the stage that measures it did not run)
 * @param where the file (relative to the output root) and field holding the measured value
 * @param skipped why the gate was not judged (proving was skipped on purpose, e.g. with {@code -DskipTests}),
 *     or null: a skipped gate has not passed, and does not fail the build
 * @param seconds wall seconds of the measured work the gate judges (the training epochs, the proofs, the
 *     key setup), shown as the test case's time in the JUnit XML; 0 when nothing was measured
 */
public record GateResult(String name, String threshold, String measured, boolean passed, String where,
                         String skipped, double seconds) {

  /** A gate that was judged. */
  GateResult(String name, String threshold, String measured, boolean passed, String where) {
    this(name, threshold, measured, passed, where, null, 0);
  }

  /** A gate that needs what a deliberately skipped step would have measured. */
  static GateResult skipped(String name, String threshold, String where, String reason) {
    return new GateResult(name, threshold, null, false, where, reason, 0);
  }

  /** The same gate, with the seconds its measured work took (0 stays 0 when nothing was measured). */
  GateResult timed(double workSeconds) {
    return new GateResult(name, threshold, measured, passed, where, skipped, measured == null ? 0 : workSeconds);
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
