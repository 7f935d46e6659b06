package io.veriregime.runtime.data;

import io.veriregime.runtime.experiment.Feature;
import io.veriregime.runtime.experiment.IndicatorConfig;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBar;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

/**
 * Per-candle features, computed separately on each contiguous segment so nothing (returns,
 * indicator state) is carried across a gap. EMA, RSI and MACD come from ta4j on {@link DoubleNum}
 * (double arithmetic: the features end up as float32 anyway). Definitions, each scale-free so a
 * model trained on one price level transfers to another:
 * <ul>
 *   <li>{@code log-return}: ln(close / previous close)</li>
 *   <li>{@code high-low-range}: (high - low) / close</li>
 *   <li>{@code close-open}: (close - open) / open</li>
 *   <li>{@code log-volume}: ln(1 + volume) (volume can be 0)</li>
 *   <li>{@code ema-ratio}: close / EMA(close, ema-period) - 1</li>
 *   <li>{@code rsi}: RSI(close, rsi-period), 0..100 (Wilder smoothing)</li>
 *   <li>{@code macd-histogram}: (MACD(fast, slow) - EMA(MACD, signal)) / close</li>
 *   <li>{@code taker-buy-ratio}: taker buy volume / volume, 0.5 when nothing traded</li>
 * </ul>
 * The first {@link #warmUp()} rows of a segment have no or unsettled values and must not start
 * a window.
 */
final class FeatureCalculator {

  private final List<Feature> features;
  private final IndicatorConfig indicators;
  private final Duration interval;

  FeatureCalculator(List<Feature> features, IndicatorConfig indicators, Duration interval) {
    this.features = List.copyOf(features);
    this.indicators = indicators;
    this.interval = interval;
  }

  int featureCount() {
    return features.size();
  }

  /** Rows at the start of each segment before every selected feature is settled. */
  int warmUp() {
    return features.stream().mapToInt(this::settlesAfter).max().orElse(0);
  }

  /**
   * The key of the indicator period behind {@link #warmUp()}, for a message that blames it; null
   * when no indicator period sets it.
   */
  String warmUpKey() {
    Feature longest = features.stream().max(Comparator.comparingInt(this::settlesAfter)).orElse(null);
    String period = longest == null ? null : switch (longest) {
      case EMA_RATIO -> "emaPeriod";
      case RSI -> "rsiPeriod";
      case MACD_HISTOGRAM -> indicators.macdSlow() >= indicators.macdSignal() ? "macdSlow" : "macdSignal";
      case LOG_RETURN, HIGH_LOW_RANGE, CLOSE_OPEN, LOG_VOLUME, TAKER_BUY_RATIO -> null;
    };
    return period == null ? null : "data.indicators." + period;
  }

  /** Rows at the start of a segment before {@code f} is settled. */
  private int settlesAfter(Feature f) {
    return switch (f) {
      case LOG_RETURN -> 1;
      case EMA_RATIO -> indicators.emaPeriod();
      case RSI -> indicators.rsiPeriod();
      case MACD_HISTOGRAM -> indicators.macdSlow() + indicators.macdSignal();
      case HIGH_LOW_RANGE, CLOSE_OPEN, LOG_VOLUME, TAKER_BUY_RATIO -> 0;
    };
  }

  /** Features of every row, row-major {@code (rows, features)}; warm-up rows are left NaN or unsettled. */
  double[] compute(Continuity continuity) {
    KlineSeries s = continuity.series();
    double[] out = new double[s.size() * features.size()];
    int from = 0;
    for (int end : continuity.segmentEnds()) {
      computeSegment(s, from, end, out);
      from = end;
    }
    return out;
  }

  private void computeSegment(KlineSeries s, int from, int to, double[] out) {
    int f = features.size();
    Indicators ind = needsIndicators() ? new Indicators(toBarSeries(s, from, to)) : null;
    for (int i = from; i < to; i++) {
      int row = i - from;
      int base = i * f;
      double close = s.close(i);
      for (int k = 0; k < f; k++) {
        out[base + k] = switch (features.get(k)) {
          case LOG_RETURN -> row == 0 ? Double.NaN : Math.log(close / s.close(i - 1));
          case HIGH_LOW_RANGE -> (s.high(i) - s.low(i)) / close;
          case CLOSE_OPEN -> (close - s.open(i)) / s.open(i);
          case LOG_VOLUME -> Math.log1p(s.volume(i));
          case EMA_RATIO -> close / ind.ema.getValue(row).doubleValue() - 1;
          case RSI -> ind.rsi.getValue(row).doubleValue();
          case MACD_HISTOGRAM -> ind.macdHistogram.getValue(row).doubleValue() / close;
          case TAKER_BUY_RATIO -> s.volume(i) > 0 ? s.takerBuyVolume(i) / s.volume(i) : 0.5;
        };
      }
    }
  }

  private boolean needsIndicators() {
    return features.contains(Feature.EMA_RATIO) || features.contains(Feature.RSI)
        || features.contains(Feature.MACD_HISTOGRAM);
  }

  private BarSeries toBarSeries(KlineSeries s, int from, int to) {
    BarSeries series = new BaseBarSeriesBuilder().withNumTypeOf(DoubleNum.class).build();
    for (int i = from; i < to; i++) {
      series.addBar(new BaseBar(interval,
          Instant.ofEpochMilli(s.openTime(i)).plus(interval).atZone(ZoneOffset.UTC),
          DoubleNum.valueOf(s.open(i)), DoubleNum.valueOf(s.high(i)), DoubleNum.valueOf(s.low(i)),
          DoubleNum.valueOf(s.close(i)), DoubleNum.valueOf(s.volume(i)), DoubleNum.valueOf(0), 0));
    }
    return series;
  }

  /** The ta4j indicators of one segment; values are cached by ta4j and read in time order. */
  private final class Indicators {
    final Indicator<Num> ema;
    final Indicator<Num> rsi;
    final Indicator<Num> macdHistogram;

    Indicators(BarSeries series) {
      ClosePriceIndicator close = new ClosePriceIndicator(series);
      ema = new EMAIndicator(close, indicators.emaPeriod());
      rsi = new RSIIndicator(close, indicators.rsiPeriod());
      macdHistogram = new MACDIndicator(close, indicators.macdFast(), indicators.macdSlow())
          .getHistogram(indicators.macdSignal());
    }
  }
}
