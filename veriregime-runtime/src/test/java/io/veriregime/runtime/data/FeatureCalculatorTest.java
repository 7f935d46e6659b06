package io.veriregime.runtime.data;

import io.veriregime.runtime.stage.RecordingLog;
import static io.veriregime.runtime.data.DataTestSupport.DAILY_ZIPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.veriregime.runtime.experiment.Feature;
import io.veriregime.runtime.experiment.GapPolicy;
import io.veriregime.runtime.experiment.IndicatorConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Features of real rows of BTCUSDT 2024-01-01 against values computed by hand from the CSV
 * numbers, and the ta4j indicators against the textbook recurrences written out here.
 */
class FeatureCalculatorTest {

  private static final IndicatorConfig INDICATORS = new IndicatorConfig(20, 14, 12, 26, 9);
  private static final List<Feature> ALL = List.of(Feature.values());
  private static final KlineSeries DAY =
      KlineFiles.readAll(List.of(DAILY_ZIPS.resolve("BTCUSDT-1m-2024-01-01.zip")), DataTestSupport.failing(), new RecordingLog());

  private final FeatureCalculator calculator = new FeatureCalculator(ALL, INDICATORS, DataStage.INTERVAL);
  private final double[] features = calculator.compute(
      Continuity.of(DAY, 60_000, GapPolicy.FAIL, null));

  private double feature(int row, Feature f) {
    return features[row * ALL.size() + ALL.indexOf(f)];
  }

  @Test
  void priceAndVolumeFeaturesOfTheSecondMinuteMatchTheHandComputedValues() {
    // 1704067260000,42298.62,42320.00,42298.61,42320.00,21.16779,...,13.47483 ; previous close 42298.61
    assertThat(feature(1, Feature.LOG_RETURN)).isCloseTo(Math.log(42320.00 / 42298.61), within(1e-15));
    assertThat(feature(1, Feature.LOG_RETURN)).isCloseTo(5.0557e-4, within(1e-8));
    assertThat(feature(1, Feature.HIGH_LOW_RANGE)).isCloseTo((42320.00 - 42298.61) / 42320.00, within(1e-15));
    assertThat(feature(1, Feature.CLOSE_OPEN)).isCloseTo((42320.00 - 42298.62) / 42298.62, within(1e-15));
    assertThat(feature(1, Feature.LOG_VOLUME)).isCloseTo(Math.log(1 + 21.16779), within(1e-15));
    assertThat(feature(1, Feature.LOG_VOLUME)).isCloseTo(3.098641, within(1e-6));
    assertThat(feature(1, Feature.TAKER_BUY_RATIO)).isCloseTo(13.47483 / 21.16779, within(1e-15));
    assertThat(feature(1, Feature.TAKER_BUY_RATIO)).isCloseTo(0.636572, within(1e-6));
  }

  @Test
  void theFirstRowHasNoReturnAndIsPartOfTheWarmUp() {
    assertThat(feature(0, Feature.LOG_RETURN)).isNaN();
    assertThat(calculator.warmUp()).isEqualTo(26 + 9);
    assertThat(new FeatureCalculator(List.of(Feature.RSI, Feature.LOG_VOLUME), INDICATORS, DataStage.INTERVAL).warmUp())
        .isEqualTo(14);
  }

  @Test
  void emaRatioRsiAndMacdHistogramFollowTheTextbookRecurrences() {
    int n = 300;
    double[] close = new double[n];
    for (int i = 0; i < n; i++) {
      close[i] = DAY.close(i);
    }
    double[] ema20 = ema(close, 20);
    double[] macd = minus(ema(close, 12), ema(close, 26));
    double[] histogram = minus(macd, ema(macd, 9));
    double[] rsi = wilderRsi(close, 14);

    for (int row : new int[] {40, 120, 299}) {
      assertThat(feature(row, Feature.EMA_RATIO)).isCloseTo(close[row] / ema20[row] - 1, within(1e-12));
      assertThat(feature(row, Feature.MACD_HISTOGRAM)).isCloseTo(histogram[row] / close[row], within(1e-12));
      assertThat(feature(row, Feature.RSI)).isCloseTo(rsi[row], within(1e-9));
      assertThat(feature(row, Feature.RSI)).isBetween(0.0, 100.0);
    }
  }

  @Test
  void aSegmentAfterAGapStartsAfreshAndCarriesNothingAcross() {
    // the outage day 2023-03-24: the last candle before the gap is 12:39, the next 14:00
    KlineSeries outage = KlineFiles.readAll(List.of(DAILY_ZIPS.resolve("BTCUSDT-1m-2023-03-24.zip")), DataTestSupport.failing(), new RecordingLog());
    Continuity continuity = Continuity.of(outage, 60_000, GapPolicy.DROP_WINDOWS, null);
    double[] f = calculator.compute(continuity);
    int first = continuity.segmentEnds()[0];
    assertThat(first).isEqualTo(12 * 60 + 40);

    int k = ALL.size();
    assertThat(f[first * k + ALL.indexOf(Feature.LOG_RETURN)]).isNaN();
    // EMA seeded with the segment's own first close: the ratio is exactly 0 there
    assertThat(f[first * k + ALL.indexOf(Feature.EMA_RATIO)]).isZero();
    assertThat(f[first * k + ALL.indexOf(Feature.MACD_HISTOGRAM)]).isZero();
    // the zero-volume candles before the outage have a neutral taker ratio
    assertThat(outage.volume(first - 1)).isZero();
    assertThat(f[(first - 1) * k + ALL.indexOf(Feature.TAKER_BUY_RATIO)]).isEqualTo(0.5);
  }

  /** EMA seeded with the first value, multiplier 2 / (n + 1). */
  private static double[] ema(double[] x, int n) {
    double k = 2.0 / (n + 1);
    double[] e = new double[x.length];
    e[0] = x[0];
    for (int i = 1; i < x.length; i++) {
      e[i] = e[i - 1] + k * (x[i] - e[i - 1]);
    }
    return e;
  }

  /** RSI with Wilder's smoothing (1 / n) of gains and losses, both seeded with 0 at the first close. */
  private static double[] wilderRsi(double[] close, int n) {
    double[] rsi = new double[close.length];
    double gain = 0;
    double loss = 0;
    for (int i = 1; i < close.length; i++) {
      double change = close[i] - close[i - 1];
      gain += (Math.max(change, 0) - gain) / n;
      loss += (Math.max(-change, 0) - loss) / n;
      rsi[i] = loss == 0 ? (gain == 0 ? 0 : 100) : 100 - 100 / (1 + gain / loss);
    }
    return rsi;
  }

  private static double[] minus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }
}
