package io.veriregime.runtime.data;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.DataConfig;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.Labeling;
import io.veriregime.runtime.experiment.SplitConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts the feature rows into windows with labels, splits them chronologically and normalises.
 *
 * <p>A window ending at row t covers rows {@code t-window+1 .. t}; its label compares
 * close[t+horizon] with close[t]: BUY above +threshold, SELL below -threshold, HOLD between.
 * The series is first cut into three row ranges (train, validation, test by the configured
 * fractions); a window is kept only if its rows <em>and</em> its label horizon lie inside one
 * range and inside one contiguous segment past the indicator warm-up, so no window or label
 * crosses a split boundary or a gap. Mean and standard deviation come from the rows covered by
 * train windows only.
 */
final class DatasetBuilder {

  private static final List<String> SPLIT_NAMES = List.of("train", "validation", "test");

  private final DataConfig config;
  private final Experiment experiment;

  DatasetBuilder(Experiment experiment) {
    this.experiment = experiment;
    this.config = experiment.config().data();
  }

  Dataset build(Continuity continuity, double[] rowFeatures, int featureCount, int warmUp) {
    KlineSeries s = continuity.series();
    int window = config.window();
    int horizon = config.horizon();
    int[] splitBounds = splitBounds(s.size(), config.split());
    int[] segmentStarts = segmentStarts(continuity.segmentEnds());

    List<int[]> ends = new ArrayList<>();
    for (int k = 0; k < SPLIT_NAMES.size(); k++) {
      ends.add(windowEnds(splitBounds[k], splitBounds[k + 1], segmentStarts, continuity.segmentEnds(),
          window, horizon, warmUp));
      if (ends.get(k).length == 0) {
        throw noWindows(SPLIT_NAMES.get(k), splitBounds[k + 1] - splitBounds[k], warmUp, continuity);
      }
    }

    for (int[] windowEnds : ends) {
      requireFinite(s, rowFeatures, featureCount, coveredRows(windowEnds, window, s.size()));
    }
    double[] mean = new double[featureCount];
    double[] std = new double[featureCount];
    fitNormalisation(rowFeatures, featureCount, coveredRows(ends.get(0), window, s.size()), mean, std);
    float[] normalised = normalise(rowFeatures, featureCount, mean, std, config.clip());

    double threshold = threshold(s, ends.get(0), horizon);
    List<Dataset.Split> splits = new ArrayList<>();
    for (int k = 0; k < SPLIT_NAMES.size(); k++) {
      int[] windowEnds = ends.get(k);
      splits.add(new Dataset.Split(SPLIT_NAMES.get(k), windowEnds.length,
          windows(normalised, featureCount, windowEnds, window), labels(s, windowEnds, horizon, threshold),
          windowEnds, splitBounds[k], splitBounds[k + 1]));
    }
    return new Dataset(List.copyOf(splits), mean, std, warmUp, threshold);
  }

  /** Row boundaries {@code [0, trainEnd, validationEnd, rows]} of the chronological split. */
  static int[] splitBounds(int rows, SplitConfig split) {
    int trainEnd = (int) Math.round(rows * split.train());
    int validationEnd = (int) Math.round(rows * (split.train() + split.validation()));
    return new int[] {0, trainEnd, Math.min(validationEnd, rows), rows};
  }

  private static int[] segmentStarts(int[] segmentEnds) {
    int[] starts = new int[segmentEnds.length];
    for (int k = 1; k < segmentEnds.length; k++) {
      starts[k] = segmentEnds[k - 1];
    }
    return starts;
  }

  /** Last rows t of every window whose rows and label horizon fit in the split and one segment. */
  private static int[] windowEnds(int splitFrom, int splitTo, int[] segStarts, int[] segEnds,
                  int window, int horizon, int warmUp) {
    int[] ends = new int[Math.max(splitTo - splitFrom, 0)];
    int n = 0;
    for (int k = 0; k < segEnds.length; k++) {
      // in long: window, horizon and warm-up are the user's and may be near Integer.MAX_VALUE
      long from = Math.max(splitFrom, (long) segStarts[k] + warmUp);
      int to = Math.min(splitTo, segEnds[k]);
      // first row >= from, and t + horizon < to
      for (long t = from + window - 1; t + horizon < to; t++) {
        ends[n++] = (int) t;
      }
    }
    return Arrays.copyOf(ends, n);
  }

  private static boolean[] coveredRows(int[] windowEnds, int window, int rows) {
    boolean[] covered = new boolean[rows];
    for (int t : windowEnds) {
      Arrays.fill(covered, t - window + 1, t + 1, true);
    }
    return covered;
  }

  /** A zero or negative price makes a feature infinite or NaN; name the candle rather than train on it. */
  private void requireFinite(KlineSeries s, double[] rowFeatures, int f, boolean[] covered) {
    for (int r = 0; r < covered.length; r++) {
      for (int k = 0; covered[r] && k < f; k++) {
        if (!Double.isFinite(rowFeatures[r * f + k])) {
          throw new VeriRegimeException("The " + config.features().get(k).yamlName() + " feature of the candle at "
              + Instant.ofEpochMilli(s.openTime(r)) + " is " + rowFeatures[r * f + k] + " (open " + s.open(r)
              + ", high " + s.high(r) + ", low " + s.low(r) + ", close " + s.close(r) + "): the input has an "
              + "impossible price there. Fix or remove that row, or choose a range without it.");
        }
      }
    }
  }

  private static void fitNormalisation(double[] rowFeatures, int f, boolean[] covered, double[] mean, double[] std) {
    long count = 0;
    for (int r = 0; r < covered.length; r++) {
      if (covered[r]) {
        count++;
        for (int k = 0; k < f; k++) {
          mean[k] += rowFeatures[r * f + k];
        }
      }
    }
    for (int k = 0; k < f; k++) {
      mean[k] /= count;
    }
    double[] squares = new double[f];
    for (int r = 0; r < covered.length; r++) {
      if (covered[r]) {
        for (int k = 0; k < f; k++) {
          double d = rowFeatures[r * f + k] - mean[k];
          squares[k] += d * d;
        }
      }
    }
    for (int k = 0; k < f; k++) {
      double sd = Math.sqrt(squares[k] / count);
      // a feature constant on train carries no information; dividing by 1 keeps it finite
      std[k] = sd > 1e-12 ? sd : 1.0;
    }
  }

  /** (x − mean) / std per feature, then clipped to ±clip (0 = no clipping). */
  static float[] normalise(double[] rowFeatures, int f, double[] mean, double[] std, double clip) {
    double bound = clip == 0 ? Double.POSITIVE_INFINITY : clip;
    float[] out = new float[rowFeatures.length];
    for (int i = 0; i < rowFeatures.length; i++) {
      int k = i % f;
      out[i] = (float) Math.max(-bound, Math.min(bound, (rowFeatures[i] - mean[k]) / std[k]));
    }
    return out;
  }

  private static float[] windows(float[] normalised, int f, int[] windowEnds, int window) {
    int block = window * f;
    float[] out = new float[windowEnds.length * block];
    for (int w = 0; w < windowEnds.length; w++) {
      // rows are contiguous in the row-major array, so a window is one block copy
      System.arraycopy(normalised, (windowEnds[w] - window + 1) * f, out, w * block, block);
    }
    return out;
  }

  /**
   * The label threshold: as configured, or fitted on the training windows alone (their rows and
   * label horizons lie inside the training split) so that {@code holdFraction} of them are HOLD.
   */
  private double threshold(KlineSeries s, int[] trainWindowEnds, int horizon) {
    if (config.labels() == Labeling.FIXED) {
      return config.threshold();
    }
    double[] moves = new double[trainWindowEnds.length];
    for (int w = 0; w < moves.length; w++) {
      moves[w] = Math.abs(forwardReturn(s, trainWindowEnds[w], horizon));
    }
    // the smallest move that is not HOLD: windows strictly above it in size are BUY or SELL
    Arrays.sort(moves);
    return moves[Math.min(moves.length - 1, (int) Math.floor(config.holdFraction() * moves.length))];
  }

  private static double forwardReturn(KlineSeries s, int t, int horizon) {
    return s.close(t + horizon) / s.close(t) - 1;
  }

  private static int[] labels(KlineSeries s, int[] windowEnds, int horizon, double threshold) {
    int[] labels = new int[windowEnds.length];
    for (int w = 0; w < windowEnds.length; w++) {
      double forwardReturn = forwardReturn(s, windowEnds[w], horizon);
      labels[w] = forwardReturn > threshold ? Dataset.BUY : forwardReturn < -threshold ? Dataset.SELL : Dataset.HOLD;
    }
    return labels;
  }

  private RuntimeException noWindows(String split, int splitRows, int warmUp, Continuity continuity) {
    long needed = (long) warmUp + config.window() + config.horizon();
    String gaps = continuity.gaps().isEmpty() ? "" : " (gaps split the data further: "
        + Continuity.describe(continuity.gaps()) + ")";
    String key = keyAtFault(split, splitRows, continuity.series().size(), warmUp, needed);
    String fix = key.startsWith("data.split.") ? "give the " + split + " split a larger fraction (the three add up to 1)"
        : key.startsWith("data.indicators.") ? "use a shorter " + key.substring(key.lastIndexOf('.') + 1)
        : "use a smaller window or horizon";
    return experiment.error(key,
        "a window of " + config.window() + " candles plus the " + config.horizon() + "-candle label horizon and "
            + warmUp + " candles of indicator warm-up needs " + needed + " consecutive candles inside every "
            + "split, but the " + split + " split has only " + splitRows + " of the "
            + continuity.series().size() + " candles" + gaps,
        fix + ", or more data (a longer date range or more files)");
  }

  /**
   * The key to name when a split holds no window: the split's own fraction when the user set it
   * and an even third of the rows would have held a window (the data suffices, the split is
   * stingy); else the first demand that does not fit in the split even without those after it: the
   * indicator period behind the warm-up, the window, then the horizon that comes on top of them.
   */
  private String keyAtFault(String split, int splitRows, int rows, int warmUp, long needed) {
    String splitKey = "data.split." + split;
    if (experiment.isSet(splitKey) && needed <= rows / 3) {
      return splitKey;
    }
    String warmUpKey = new FeatureCalculator(config.features(), config.indicators(), DataStage.INTERVAL).warmUpKey();
    if (warmUpKey != null && warmUp >= splitRows) {
      return warmUpKey;
    }
    return (long) warmUp + config.window() > splitRows ? "data.window" : "data.horizon";
  }
}
