package io.veriregime.runtime.experiment;

/** Periods (in minutes) of the technical indicators behind the EMA, RSI and MACD features. */
public record IndicatorConfig(int emaPeriod, int rsiPeriod, int macdFast, int macdSlow, int macdSignal)
    implements ConfigSection {

  static final IndicatorConfig DEFAULTS = new IndicatorConfig(20, 14, 12, 26, 9);

  @Override
  public void validate(ConfigChecks checks) {
    checks.positive(emaPeriod, "emaPeriod");
    checks.positive(rsiPeriod, "rsiPeriod");
    checks.positive(macdFast, "macdFast");
    checks.positive(macdSignal, "macdSignal");
    checks.require(macdSlow > macdFast, "macdSlow", "must be longer than macdFast (" + macdFast + "), got " + macdSlow,
        "The classic periods are 12, 26 and 9.");
  }
}
