package io.veriregime.runtime.train;

import io.veriregime.runtime.StageContext;
import io.veriregime.runtime.artifact.Npy;
import io.veriregime.runtime.artifact.StageLog;
import io.veriregime.runtime.experiment.ExperimentLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A small real dataset for the training tests: the first days of the recorded BTCUSDT 1-minute
 * klines of January 2024 (from {@code veriregime.sharedData}), turned into the {@code data/}
 * tensors of DEVELOPERS.md (8 per-minute features, 60-minute windows, SELL/HOLD/BUY from the
 * 5-minute forward return at 0.1 %, chronological 70/15/15 split, train-split normalisation).
 *
 * <p>It stands in for fetch-data, which another engineer builds in parallel, and computes a plain
 * set of features itself so these tests do not depend on that stage's feature engineering.
 */
public final class TrainingFixture {

  static final int WINDOW = 60;
  static final int FEATURES = 8;
  static final int HORIZON = 5;
  static final double THRESHOLD = 0.001;

  public static final Path JANUARY = Path.of(System.getProperty("veriregime.sharedData", "../../shared/data"))
      .resolve("binance-spot-klines-1m/BTCUSDT-1m-2024-01.csv.gz");

  private TrainingFixture() {}

  /** Log lines collected from a stage, also echoed so a failing test shows the progress. */
  public static final class CapturingLog implements StageLog {
    public final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
      lines.add(message);
      System.out.println("[INFO] " + message);
    }

    @Override
    public void warn(String message) {
      lines.add(message);
      System.out.println("[WARNING] " + message);
    }

    @Override
    public void debug(String message) {}
  }

  /**
   * Writes {@code experiment.yaml} (the given sections after name, seed and a csv data source) into
   * {@code projectDir} and returns an in-process context whose output root is {@code projectDir/target/veriregime}.
   */
  public static StageContext context(Path projectDir, String yamlSections, StageLog log) throws IOException {
    Files.createDirectories(projectDir);
    Path yaml = projectDir.resolve("experiment.yaml");
    Files.writeString(yaml, "name: train-test\nseed: 7\ndata:\n  source: csv\n  files: [\""
        + JANUARY.toAbsolutePath().normalize() + "\"]\n" + yamlSections);
    return new StageContext(ExperimentLoader.load(yaml, Map.of()), projectDir.resolve("target/veriregime"),
        true, true, List.of(), log);
  }

  /** Writes {@code <outputRoot>/data/*.npy} from the first {@code minutes} rows of January 2024. */
  public static void writeDataset(StageContext ctx, int minutes) throws IOException {
    double[][] klines = readKlines(minutes);
    float[][] features = features(klines);
    int[] labels = labels(klines);
    int first = WINDOW - 1 + HORIZON; // first window end whose oldest row has a 5-minute return
    int usable = minutes - first - HORIZON;
    int[] bounds = {first, first + (int) (usable * 0.70), first + (int) (usable * 0.85), minutes - HORIZON};
    double[][] stats = trainStatistics(features, bounds[0], bounds[1]);
    Path dataDir = ctx.stageDir("data");
    String[] splits = {"train", "validation", "test"};
    for (int s = 0; s < splits.length; s++) {
      // a window ends at minute t; it and its label horizon stay inside the split (no leakage)
      int from = s == 0 ? bounds[0] : bounds[s] + WINDOW - 1;
      List<Integer> ends = new ArrayList<>();
      for (int t = from; t < bounds[s + 1] - HORIZON; t++) ends.add(t);
      float[] x = new float[ends.size() * WINDOW * FEATURES];
      int[] y = new int[ends.size()];
      for (int i = 0; i < ends.size(); i++) {
        int end = ends.get(i);
        y[i] = labels[end];
        for (int w = 0; w < WINDOW; w++) {
          for (int f = 0; f < FEATURES; f++) {
            x[(i * WINDOW + w) * FEATURES + f] = (float) ((features[end - WINDOW + 1 + w][f] - stats[0][f]) / stats[1][f]);
          }
        }
      }
      Npy.writeFloat(dataDir.resolve(splits[s] + ".features.npy"), new int[] {ends.size(), WINDOW, FEATURES}, x);
      Npy.writeInt(dataDir.resolve(splits[s] + ".labels.npy"), new int[] {ends.size()}, y);
    }
  }

  /** open, high, low, close, volume, trades, taker buy volume per minute. */
  private static double[][] readKlines(int minutes) {
    double[][] rows = new double[minutes][];
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(JANUARY)), StandardCharsets.US_ASCII))) {
      for (int i = 0; i < minutes; i++) {
        String[] c = reader.readLine().split(",");
        rows[i] = new double[] {Double.parseDouble(c[1]), Double.parseDouble(c[2]), Double.parseDouble(c[3]),
            Double.parseDouble(c[4]), Double.parseDouble(c[5]), Double.parseDouble(c[8]), Double.parseDouble(c[9])};
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static float[][] features(double[][] k) {
    float[][] features = new float[k.length][FEATURES];
    double ema = k[0][3];
    for (int t = 0; t < k.length; t++) {
      double open = k[t][0];
      double high = k[t][1];
      double low = k[t][2];
      double close = k[t][3];
      double volume = k[t][4];
      ema += (close - ema) * 2.0 / 21; // 20-minute EMA
      features[t][0] = (float) (t == 0 ? 0 : Math.log(close / k[t - 1][3]));
      features[t][1] = (float) ((high - low) / close);
      features[t][2] = (float) ((close - open) / open);
      features[t][3] = (float) Math.log1p(volume);
      features[t][4] = (float) (close / ema - 1);
      features[t][5] = (float) (volume == 0 ? 0.5 : k[t][6] / volume);
      features[t][6] = (float) Math.log1p(k[t][5]);
      features[t][7] = (float) (t < HORIZON ? 0 : Math.log(close / k[t - HORIZON][3]));
    }
    return features;
  }

  private static int[] labels(double[][] k) {
    int[] labels = new int[k.length];
    for (int t = 0; t + HORIZON < k.length; t++) {
      double forward = k[t + HORIZON][3] / k[t][3] - 1;
      labels[t] = forward < -THRESHOLD ? 0 : forward > THRESHOLD ? 2 : 1;
    }
    return labels;
  }

  /** Mean and standard deviation of each feature over the train minutes. */
  private static double[][] trainStatistics(float[][] features, int from, int to) {
    double[][] stats = new double[2][FEATURES];
    for (int f = 0; f < FEATURES; f++) {
      double sum = 0;
      double squares = 0;
      for (int t = from; t < to; t++) {
        sum += features[t][f];
        squares += (double) features[t][f] * features[t][f];
      }
      int n = to - from;
      stats[0][f] = sum / n;
      stats[1][f] = Math.max(1e-12, Math.sqrt(Math.max(0, squares / n - stats[0][f] * stats[0][f])));
    }
    return stats;
  }
}
