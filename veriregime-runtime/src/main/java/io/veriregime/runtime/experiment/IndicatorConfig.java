package io.veriregime.runtime.experiment;

/** Periods (in minutes) of the technical indicators behind the EMA, RSI and MACD features. */
public record IndicatorConfig(int emaPeriod, int rsiPeriod, int macdFast, int macdSlow, int macdSignal)
    implements ConfigSection {

  static final IndicatorConfig DEFAULTS = new IndicatorConfig(20, 14, 12, 26, 9);
  /**
   * A week of minutes: a longer period is no minute-data indicator, and periods add up into the
   * warm-up (macdSlow + macdSignal), which must not overflow.
   */
  static final int MAX_PERIOD = 7 * 24 * 60;

  @Override
  public void validate(ConfigChecks checks) {
    checks.positive(emaPeriod, "emaPeriod");
    checks.positive(rsiPeriod, "rsiPeriod");
    checks.positive(macdFast, "macdFast");
    checks.positive(macdSignal, "macdSignal");
    for (var period : java.util.Map.of("emaPeriod", emaPeriod, "rsiPeriod", rsiPeriod, "macdFast", macdFast,
        "macdSlow", macdSlow, "macdSignal", macdSignal).entrySet()) {
      checks.require(period.getValue() <= MAX_PERIOD, period.getKey(), "must be at most " + MAX_PERIOD + " minutes (a week;"
          + " every segment's first macdSlow + macdSignal rows are its warm-up), got " + period.getValue(),
          "The classic periods are EMA 20, RSI 14, MACD 12, 26 and 9.");
    }
    checks.require(macdSlow > macdFast, "macdSlow", "must be longer than macdFast (" + macdFast + "), got " + macdSlow,
        "The classic periods are 12, 26 and 9.");
  }
}
