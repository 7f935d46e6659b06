package io.veriregime.runtime.data;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.GapPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds gaps (consecutive candles further apart than the interval) and applies the declared gap
 * policy, yielding the contiguous segments that features and windows may be built from.
 *
 * @param series      the klines, forward-filled if the policy said so
 * @param gaps        every gap found in the source klines (before any filling)
 * @param segmentEnds exclusive end row of each contiguous segment; segment k spans
 *                    {@code [k == 0 ? 0 : segmentEnds[k-1], segmentEnds[k])}
 * @param filledRows  candles synthesised by forward-fill (0 for other policies)
 */
record Continuity(KlineSeries series, List<Gap> gaps, GapPolicy policy, int[] segmentEnds, long filledRows) {

  static Continuity of(KlineSeries series, long intervalMillis, GapPolicy policy, Experiment experiment) {
    List<Gap> gaps = new ArrayList<>();
    List<Integer> breaks = new ArrayList<>();
    for (int i = 1; i < series.size(); i++) {
      long step = series.openTime(i) - series.openTime(i - 1);
      if (step != intervalMillis) {
        long missing = Math.max(step / intervalMillis - 1, 0);
        gaps.add(new Gap(series.openTime(i - 1) + intervalMillis, series.openTime(i) - intervalMillis, missing));
        breaks.add(i);
      }
    }
    if (gaps.isEmpty()) {
      return new Continuity(series, gaps, policy, new int[] {series.size()}, 0);
    }
    return switch (policy) {
      case FAIL -> throw experiment.error("data.gapPolicy",
          "the klines have " + gaps.size() + " gap(s) (" + describe(gaps) + ") and the gap policy is fail",
          "use gapPolicy: drop-windows (skip windows that touch a gap) or forward-fill (repeat the last "
              + "close with zero volume), or choose a date range without gaps");
      case DROP_WINDOWS -> {
        int[] ends = new int[breaks.size() + 1];
        for (int k = 0; k < breaks.size(); k++) {
          ends[k] = breaks.get(k);
        }
        ends[breaks.size()] = series.size();
        yield new Continuity(series, gaps, policy, ends, 0);
      }
      case FORWARD_FILL -> forwardFill(series, intervalMillis, gaps);
    };
  }

  /**
   * Repeats the last close as a flat candle with zero volume for every missing minute: the
   * market did not trade, so price stays and volume is nothing.
   */
  private static Continuity forwardFill(KlineSeries series, long intervalMillis, List<Gap> gaps) {
    long filled = gaps.stream().mapToLong(Gap::missing).sum();
    KlineSeries.Builder b = new KlineSeries.Builder((int) (series.size() + filled));
    for (int i = 0; i < series.size(); i++) {
      if (i > 0) {
        double last = series.close(i - 1);
        for (long t = series.openTime(i - 1) + intervalMillis; t < series.openTime(i); t += intervalMillis) {
          b.add(t, last, last, last, last, 0, 0);
        }
      }
      b.add(series.openTime(i), series.open(i), series.high(i), series.low(i), series.close(i),
          series.volume(i), series.takerBuyVolume(i));
    }
    KlineSeries out = b.build();
    return new Continuity(out, gaps, GapPolicy.FORWARD_FILL, new int[] {out.size()}, filled);
  }

  static String describe(List<Gap> gaps) {
    return gaps.stream().limit(5)
        .map(g -> Instant.ofEpochMilli(g.firstMissing()) + " to " + Instant.ofEpochMilli(g.lastMissing())
            + " (" + g.missing() + " missing)")
        .collect(Collectors.joining(", ")) + (gaps.size() > 5 ? ", ..." : "");
  }

  long missingRows() {
    return gaps.stream().mapToLong(Gap::missing).sum();
  }
}
