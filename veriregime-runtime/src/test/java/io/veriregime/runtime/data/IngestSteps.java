package io.veriregime.runtime.data;

import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.experiment.DataConfig;
import io.veriregime.runtime.experiment.Experiment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The data stage's steps one by one, for {@code DataIngestBenchmark} (which lives in another
 * package and must not widen this package's public surface).
 */
public final class IngestSteps {

  private static final StageLog QUIET = StageLog.silent();

  private IngestSteps() {}

  /** The decompressed bytes of a {@code .csv.gz}, to time parsing apart from gunzip. */
  public static byte[] gunzip(Path gz) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses CSV bytes already in memory; returns the number of klines. */
  public static int parse(byte[] csv) {
    KlineSeries.Builder out = new KlineSeries.Builder(50_000);
    try {
      KlineCsvParser.parse(new ByteArrayInputStream(csv), "memory", out, DataTestSupport.failing());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.size();
  }

  /** Gunzips and parses a file as the stage does; returns the number of klines. */
  public static int gunzipAndParse(Path gz) {
    return KlineFiles.readAll(List.of(gz), DataTestSupport.failing(), QUIET).size();
  }

  /**
   * Everything the stage computes before writing: gunzip, parse, gap policy, features, windows,
   * labels, split and normalisation. Returns the number of windows over all splits.
   */
  public static int buildDataset(Experiment experiment, Path gz) {
    DataConfig config = experiment.config().data();
    KlineSeries raw = KlineFiles.readAll(List.of(gz), DataTestSupport.failing(), QUIET);
    Continuity continuity = Continuity.of(raw, DataStage.INTERVAL.toMillis(), config.gapPolicy(), experiment);
    FeatureCalculator calculator = new FeatureCalculator(config.features(), config.indicators(), DataStage.INTERVAL);
    double[] rows = calculator.compute(continuity);
    Dataset dataset = new DatasetBuilder(experiment).build(continuity, rows, calculator.featureCount(), calculator.warmUp());
    return dataset.splits().stream().mapToInt(Dataset.Split::count).sum();
  }

  /** Times the feature step alone on a parsed file, in nanoseconds. */
  public static long featureNanos(Experiment experiment, Path gz) {
    DataConfig config = experiment.config().data();
    KlineSeries raw = KlineFiles.readAll(List.of(gz), DataTestSupport.failing(), QUIET);
    Continuity continuity = Continuity.of(raw, DataStage.INTERVAL.toMillis(), config.gapPolicy(), experiment);
    FeatureCalculator calculator = new FeatureCalculator(config.features(), config.indicators(), DataStage.INTERVAL);
    long start = System.nanoTime();
    calculator.compute(continuity);
    return System.nanoTime() - start;
  }
}
