package io.veriregime.runtime.experiment;

/**
 * A record bound from a YAML mapping. Implementations declare {@code static final DEFAULTS}
 * (the value of every key the file leaves out) and check their own invariants.
 */
interface ConfigSection {

  /** Checks values the types alone cannot (ranges, contradictions); keys are relative. */
  default void validate(ConfigChecks checks) {}
}
