package io.veriregime.runtime.experiment;

/** Raises the first broken rule of a section as an {@link ExperimentException} at its key. */
final class ConfigChecks {

  private final ConfigLocations locations;
  private final String prefix;

  ConfigChecks(ConfigLocations locations, String prefix) {
    this.locations = locations;
    this.prefix = prefix;
  }

  /** Fails at {@code key} (relative to this section) unless {@code ok}. */
  void require(boolean ok, String key, String problem, String fix) {
    if (!ok) {
      throw locations.error(prefix.isEmpty() ? key : prefix + "." + key, problem, fix);
    }
  }

  /** Whether the file or an override set {@code key} (relative to this section), rather than its default being in force. */
  boolean isSet(String key) {
    return locations.isSet(prefix.isEmpty() ? key : prefix + "." + key);
  }

  void positive(int value, String key) {
    require(value > 0, key, "must be at least 1, got " + value, "Set it to a positive whole number.");
  }

  /**
   * AdamW's decoupled decay multiplies every weight by 1 − learningRate × weightDecay at each step:
   * at 1 or more the weights flip sign or grow, and training diverges whatever the learning rate, so
   * the advice a divergence gives (lower the learning rate) would not fit. Checked after learningRate.
   */
  void weightDecay(double weightDecay, double learningRate, String defaultValue) {
    require(weightDecay >= 0, "weightDecay", "must be 0 or more, got " + weightDecay, "The default is " + defaultValue + ".");
    require(weightDecay * learningRate < 1, "weightDecay", weightDecay + " times learningRate " + learningRate
        + " is 1 or more: AdamW multiplies every weight by 1 − learningRate × weightDecay at each step, so the weights"
        + " would flip sign or grow and training would diverge", "Lower weightDecay well below " + 1 / learningRate
        + " (1 / learningRate); the default is " + defaultValue + ".");
  }

  void fraction(double value, String key, boolean zeroAllowed) {
    boolean ok = zeroAllowed ? value >= 0 && value <= 1 : value > 0 && value < 1;
    require(ok, key, "must be " + (zeroAllowed ? "between 0 and 1" : "strictly between 0 and 1") + ", got " + value,
        "Use a value such as 0.5.");
  }
}
