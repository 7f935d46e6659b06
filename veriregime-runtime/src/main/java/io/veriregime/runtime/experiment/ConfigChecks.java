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

  void fraction(double value, String key, boolean zeroAllowed) {
    boolean ok = zeroAllowed ? value >= 0 && value <= 1 : value > 0 && value < 1;
    require(ok, key, "must be " + (zeroAllowed ? "between 0 and 1" : "strictly between 0 and 1") + ", got " + value,
        "Use a value such as 0.5.");
  }
}
