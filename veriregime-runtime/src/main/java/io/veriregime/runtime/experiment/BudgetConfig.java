package io.veriregime.runtime.experiment;

import java.time.Duration;

/** Limits beyond which a circuit (typically the teacher's) is not set up or proved. */
public record BudgetConfig(ByteSize memory, Duration time) implements ConfigSection {

  static final BudgetConfig DEFAULTS = new BudgetConfig(new ByteSize(8L << 30), Duration.ofMinutes(10));

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(memory.bytes() > 0, "memory", "must be positive", "Use e.g. 8g.");
    checks.require(!time.isNegative() && !time.isZero(), "time", "must be positive", "Use e.g. 10m.");
  }
}
