package io.veriregime.runtime.data;

import io.veriregime.runtime.stage.RecordingLog;
import static io.veriregime.runtime.data.DataTestSupport.JAN_2024;
import static io.veriregime.runtime.data.DataTestSupport.MAR_2023;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.veriregime.runtime.experiment.DataConfig;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Windows, labels, split and normalisation on real klines: the no-leakage invariants. */
class DatasetBuilderTest {

  private static final KlineSeries JAN = KlineFiles.readAll(List.of(JAN_2024), DataTestSupport.failing(), new RecordingLog());
  private static final KlineSeries MAR = KlineFiles.readAll(List.of(MAR_2023), DataTestSupport.failing(), new RecordingLog());

  @TempDir Path dir;

  @Test
  void splitsAreChronologicalAndNoWindowOrLabelHorizonCrossesABoundary() {
    Experiment experiment = DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-03", "");
    Built built = build(experiment, JAN);
    int window = 60;
    int horizon = 5;

    Dataset.Split train = built.dataset.splits().get(0);
    Dataset.Split validation = built.dataset.splits().get(1);
    Dataset.Split test = built.dataset.splits().get(2);
    assertThat(List.of(train.name(), validation.name(), test.name())).containsExactly("train", "validation", "test");
    // 4,320 rows cut at 70% and 85%
    assertThat(train.endRow()).isEqualTo(3024);
    assertThat(validation.endRow()).isEqualTo(3672);
    for (Dataset.Split split : built.dataset.splits()) {
      int[] ends = split.windowEnds();
      assertThat(ends).isSorted();
      assertThat(ends[0] - window + 1).isGreaterThanOrEqualTo(split.firstRow());
      assertThat(ends[ends.length - 1] + horizon).isLessThan(split.endRow());
      // every possible window inside the range is there (stride 1, nothing else dropped without gaps)
      int firstStart = Math.max(split.firstRow(), built.dataset.warmUp());
      assertThat(split.count()).isEqualTo(split.endRow() - firstStart - window - horizon + 1);
    }
    assertThat(last(train) + horizon).isLessThan(first(validation) - window + 1);
    assertThat(last(validation) + horizon).isLessThan(first(test) - window + 1);
  }

  @Test
  void labelsFollowTheForwardReturnAgainstTheThreshold() {
    Experiment experiment = DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-03", "threshold: 0.0005");
    Built built = build(experiment, JAN);
    KlineSeries s = built.continuity.series();
    int[] seen = new int[3];
    for (Dataset.Split split : built.dataset.splits()) {
      for (int w = 0; w < split.count(); w++) {
        int t = split.windowEnds()[w];
        double r = s.close(t + 5) / s.close(t) - 1;
        int expected = r > 0.0005 ? Dataset.BUY : r < -0.0005 ? Dataset.SELL : Dataset.HOLD;
        assertThat(split.labels()[w]).isEqualTo(expected);
        seen[expected]++;
      }
    }
    assertThat(java.util.Arrays.stream(seen).min().getAsInt()).isGreaterThan(100);
    // one real case by hand: the window ending 2024-01-01 02:00 (row 120); close 42,603.95 -> 42,573.76 at 02:05
    Dataset.Split train = built.dataset.splits().get(0);
    int w = java.util.Arrays.binarySearch(train.windowEnds(), 120);
    assertThat(w).isNotNegative();
    assertThat(Instant.ofEpochMilli(s.openTime(120))).isEqualTo(Instant.parse("2024-01-01T02:00:00Z"));
    assertThat(s.close(120)).isEqualTo(42603.95);
    assertThat(s.close(125)).isEqualTo(42573.76);
    assertThat(train.labels()[w]).isEqualTo(Dataset.SELL); // 42573.76 / 42603.95 - 1 = -0.071% < -0.05%
  }

  @Test
  void normalisationIsFittedOnTrainRowsOnlyAndAppliedToEverySplit() {
    // unclipped, so the train rows' mean and std are exactly 0 and 1
    Experiment experiment = DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-03", "clip: 0");
    Built built = build(experiment, JAN);
    int f = 8;
    int window = 60;
    Dataset.Split train = built.dataset.splits().get(0);
    // the rows train windows cover, each once: windows overlap, so take every row of the first
    // window and the last row of each later one
    double[] sum = new double[f];
    double[] squares = new double[f];
    int rows = 0;
    for (int w = 0; w < train.count(); w++) {
      int fromRow = w == 0 ? 0 : window - 1;
      for (int r = fromRow; r < window; r++) {
        for (int k = 0; k < f; k++) {
          double v = train.features()[(w * window + r) * f + k];
          sum[k] += v;
          squares[k] += v * v;
        }
        rows++;
      }
    }
    for (int k = 0; k < f; k++) {
      double mean = sum[k] / rows;
      assertThat(mean).isCloseTo(0, within(1e-4));
      assertThat(Math.sqrt(squares[k] / rows - mean * mean)).isCloseTo(1, within(1e-4));
    }
    // a test-split value is its raw feature scaled with the train statistics
    Dataset.Split test = built.dataset.splits().get(2);
    int t = test.windowEnds()[10];
    int k = 1; // high-low range
    double raw = (built.continuity.series().high(t) - built.continuity.series().low(t)) / built.continuity.series().close(t);
    float stored = test.features()[(10 * window + window - 1) * f + k];
    assertThat((double) stored).isCloseTo((raw - built.dataset.mean()[k]) / built.dataset.std()[k], within(1e-5));
  }

  @Test
  void dropWindowsKeepsEveryWindowAndHorizonClearOfTheRealOutage() {
    Experiment experiment = DataTestSupport.csv(dir, MAR_2023, "2023-03-23", "2023-03-25", "gapPolicy: drop-windows");
    Built built = build(experiment, MAR);
    KlineSeries s = built.continuity.series();
    assertThat(built.continuity.gaps()).singleElement().satisfies(gap -> {
      assertThat(Instant.ofEpochMilli(gap.firstMissing())).isEqualTo(Instant.parse("2023-03-24T12:40:00Z"));
      assertThat(Instant.ofEpochMilli(gap.lastMissing())).isEqualTo(Instant.parse("2023-03-24T13:59:00Z"));
      assertThat(gap.missing()).isEqualTo(80);
    });
    assertThat(s.size()).isEqualTo(3 * 1440 - 80);
    int after = built.continuity.segmentEnds()[0];
    int windows = 0;
    for (Dataset.Split split : built.dataset.splits()) {
      for (int t : split.windowEnds()) {
        // a window either ends (with its horizon) before the gap or starts past the warm-up after it
        assertThat(t + 5 < after || t - 59 >= after + built.dataset.warmUp()).isTrue();
        // and its 65 candles are consecutive minutes
        assertThat(s.openTime(t + 5) - s.openTime(t - 59)).isEqualTo(64 * 60_000L);
        windows++;
      }
    }
    assertThat(windows).isPositive();
  }

  @Test
  void forwardFillRepeatsTheLastCloseWithZeroVolumeThroughTheOutage() {
    Experiment experiment = DataTestSupport.csv(dir, MAR_2023, "2023-03-23", "2023-03-25", "gapPolicy: forward-fill");
    Built built = build(experiment, MAR);
    KlineSeries s = built.continuity.series();
    assertThat(s.size()).isEqualTo(3 * 1440);
    assertThat(built.continuity.filledRows()).isEqualTo(80);
    assertThat(built.continuity.segmentEnds()).containsExactly(3 * 1440);
    int firstFilled = 1440 + 12 * 60 + 40;
    assertThat(Instant.ofEpochMilli(s.openTime(firstFilled))).isEqualTo(Instant.parse("2023-03-24T12:40:00Z"));
    for (int i = firstFilled; i < firstFilled + 80; i++) {
      assertThat(s.close(i)).isEqualTo(28080.0); // the last close before the outage
      assertThat(s.open(i)).isEqualTo(28080.0);
      assertThat(s.volume(i)).isZero();
    }
    assertThat(s.open(firstFilled + 80)).isEqualTo(28079.99); // trading resumes at 14:00
  }

  @Test
  void failStopsAtTheFirstGapNamingTheKeyAndTheMissingMinutes() {
    Experiment experiment = DataTestSupport.csv(dir, MAR_2023, "2023-03-23", "2023-03-25", "gapPolicy: fail");

    assertThatThrownBy(() -> build(experiment, MAR))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("data.gapPolicy")
        .hasMessageContaining("2023-03-24T12:40:00Z to 2023-03-24T13:59:00Z (80 missing)")
        .hasMessageContaining("drop-windows");
  }

  @Test
  void aWindowLongerThanTheDataIsAConfigurationError() {
    Experiment experiment = DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-01", "window: 300");

    assertThatThrownBy(() -> build(experiment, JAN))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("experiment.yaml:")
        .hasMessageContaining("data.window")
        .hasMessageContaining("needs 340 consecutive candles inside every split, but the validation split has only 216")
        .hasMessageContaining("smaller window");
  }

  @Test
  void aHorizonLongerThanTheDataIsReportedAtTheHorizonsLine() {
    for (String horizon : List.of("100000", String.valueOf(Integer.MAX_VALUE))) {
      Experiment experiment = DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-01", "horizon: " + horizon);

      assertThatThrownBy(() -> build(experiment, JAN))
          .isInstanceOf(ExperimentException.class)
          .hasMessageContaining("experiment.yaml:7:3: data.horizon: a window of 60 candles plus the " + horizon
              + "-candle label horizon")
          .hasMessageContaining("smaller window or horizon");
    }
  }

  @Test
  void aSplitTooSmallForOneWindowIsReportedAtItsOwnKey() {
    Experiment experiment = DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-01",
        "split:\n  train: 0.849\n  validation: 0.15\n  test: 0.001");

    assertThatThrownBy(() -> build(experiment, JAN))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("experiment.yaml:10:5: data.split.test: a window of 60 candles")
        .hasMessageContaining("but the test split has only 1 of the 1440 candles")
        .hasMessageContaining("give the test split a larger fraction");
  }

  @Test
  void anIndicatorPeriodLongerThanASplitIsReportedAtItsOwnKey() {
    Experiment experiment = DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-01",
        "indicators:\n  emaPeriod: 5000");

    assertThatThrownBy(() -> build(experiment, JAN))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("experiment.yaml:8:5: data.indicators.emaPeriod: ")
        .hasMessageContaining("5000 candles of indicator warm-up")
        .hasMessageContaining("use a shorter emaPeriod");
  }

  @Test
  void aThresholdFittedOnTheTrainSplitMakesTheRequestedShareOfTrainingWindowsHold() {
    Experiment experiment = DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-03",
        "labels: train-quantile\nholdFraction: 0.4");
    Built built = build(experiment, JAN);

    Dataset.Split train = built.dataset.splits().get(0);
    long hold = java.util.Arrays.stream(train.labels()).filter(label -> label == Dataset.HOLD).count();
    assertThat((double) hold / train.count()).isCloseTo(0.4, within(1.0 / train.count()));
    assertThat(built.dataset.threshold()).isPositive().isNotEqualTo(experiment.config().data().threshold());
  }

  @Test
  void theFittedThresholdDependsOnTrainingRowsOnly() {
    Experiment experiment = DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-03",
        "labels: train-quantile");
    Built original = build(experiment, JAN);
    int trainEnd = original.dataset.splits().get(0).endRow();
    long from = JAN.openTime(0);
    // the same rows up to the end of the training split, every later close moved by ±3%
    KlineSeries.Builder altered = new KlineSeries.Builder(JAN.size());
    for (int i = 0; i < JAN.size(); i++) {
      int row = (int) ((JAN.openTime(i) - from) / 60_000);
      double factor = row < trainEnd ? 1 : (i % 2 == 0 ? 1.03 : 0.97);
      altered.add(JAN.openTime(i), JAN.open(i), JAN.high(i) * factor, JAN.low(i) / factor, JAN.close(i) * factor,
          JAN.volume(i), JAN.takerBuyVolume(i));
    }
    Built changed = build(experiment, altered.build());

    assertThat(changed.dataset.threshold()).isEqualTo(original.dataset.threshold());
    assertThat(changed.dataset.splits().get(2).labels()).isNotEqualTo(original.dataset.splits().get(2).labels());
  }

  private record Built(Continuity continuity, Dataset dataset) {}

  private static Built build(Experiment experiment, KlineSeries month) {
    DataConfig config = experiment.config().data();
    long from = config.start().atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
    long to = config.end().plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
    Continuity continuity = Continuity.of(month.between(from, to), 60_000, config.gapPolicy(), experiment);
    FeatureCalculator calculator = new FeatureCalculator(config.features(), config.indicators(), DataStage.INTERVAL);
    Dataset dataset = new DatasetBuilder(experiment)
        .build(continuity, calculator.compute(continuity), calculator.featureCount(), calculator.warmUp());
    return new Built(continuity, dataset);
  }

  private static int first(Dataset.Split split) {
    return split.windowEnds()[0];
  }

  private static int last(Dataset.Split split) {
    return split.windowEnds()[split.count() - 1];
  }

  @Test
  void normalisedFeaturesAreClippedToTheConfiguredBound() {
    Built unclipped = build(DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-03", "clip: 0"), JAN);
    Built clipped = build(DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-03", "clip: 4"), JAN);
    float[] raw = unclipped.dataset.splits().get(2).features();
    float[] bounded = clipped.dataset.splits().get(2).features();
    int outliers = 0;
    for (int i = 0; i < raw.length; i++) {
      assertThat(Math.abs(bounded[i])).isLessThanOrEqualTo(4f);
      if (Math.abs(raw[i]) > 4f) {
        outliers++;
        assertThat(bounded[i]).isEqualTo(Math.copySign(4f, raw[i]));
      } else {
        assertThat(bounded[i]).isEqualTo(raw[i]);
      }
    }
    // real minute data does have such outliers (volume spikes, sharp moves)
    assertThat(outliers).isPositive();
  }
}
