package io.veriregime.runtime.experiment;

/** Chronological split fractions; they must add up to 1. */
public record SplitConfig(double train, double validation, double test) implements ConfigSection {

  static final SplitConfig DEFAULTS = new SplitConfig(0.70, 0.15, 0.15);

  @Override
  public void validate(ConfigChecks checks) {
    checks.fraction(train, "train", false);
    checks.fraction(validation, "validation", false);
    checks.fraction(test, "test", false);
    double sum = train + validation + test;
    checks.require(Math.abs(sum - 1.0) < 1e-9, "train",
        "train + validation + test must be 1, got " + train + " + " + validation + " + " + test + " = " + (float) sum,
        "Adjust the three fractions, e.g. 0.7, 0.15 and 0.15.");
  }
}
