package io.veriregime.runtime.bench;

import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.data.IngestSteps;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Ingest throughput of the data stage on the real month BTCUSDT-1m-2024-01 (44,640 klines):
 * parsing alone, gunzip alone, gunzip + parsing, the features alone, the whole month in memory (gunzip, parse,
 * features, windows, labels, split, normalisation) and the whole stage including writing the
 * tensors, dataset.json and the manifest. Warm-up rounds first, then timed rounds; prints the
 * median and the best.
 *
 * <pre>
 * ./mvnw -q -P bench -pl veriregime-runtime test-compile exec:java \
 *     -Dexec.mainClass=io.veriregime.runtime.bench.DataIngestBenchmark
 * </pre>
 */
public final class DataIngestBenchmark {

  private static final int WARM_UP = 10;
  private static final int ROUNDS = 20;

  private DataIngestBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path shared = Path.of(System.getProperty("veriregime.sharedData", "../../shared/data"));
    if (!Files.isDirectory(shared)) {
      shared = Path.of("../shared/data"); // run from the repository root
    }
    Path month = shared.resolve("binance-spot-klines-1m/BTCUSDT-1m-2024-01.csv.gz").toAbsolutePath();
    Path work = Files.createTempDirectory("veriregime-bench");
    Path yaml = work.resolve("experiment.yaml");
    Files.writeString(yaml, "name: bench\ndata:\n  source: csv\n  files: [" + month + "]\n");
    Experiment experiment = ExperimentLoader.load(yaml, Map.of());
    byte[] csv = IngestSteps.gunzip(month);
    int klines = IngestSteps.parse(csv);

    System.out.printf(Locale.ROOT, "DataIngestBenchmark: %s (%,d klines, %,d bytes gzip, %,d bytes CSV), "
        + "%d warm-up + %d timed rounds, %d CPUs, load average %.1f, Java %s%n", month.getFileName(), klines,
        Files.size(month), csv.length, WARM_UP, ROUNDS, Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "%-52s %12s %12s %16s%n", "step", "median ms", "best ms", "klines/s (median)");
    row("parse CSV bytes in memory", klines, time(() -> elapsed(() -> IngestSteps.parse(csv))));
    row("gunzip only (JDK zlib)", klines, time(() -> elapsed(() -> IngestSteps.gunzip(month).length)));
    row("gunzip + parse", klines, time(() -> elapsed(() -> IngestSteps.gunzipAndParse(month))));
    row("features only (ta4j EMA/RSI/MACD + 5 price/volume)", klines,
        time(() -> IngestSteps.featureNanos(experiment, month)));
    row("whole month in memory (gunzip..split, normalise)", klines,
        time(() -> elapsed(() -> IngestSteps.buildDataset(experiment, month))));
    StageLog quiet = StageLog.silent();
    Path out = work.resolve("out");
    row("whole stage incl. writing .npy + dataset.json", klines, time(() -> {
      deleteRecursively(out);
      return elapsed(() -> {
        new DataStage().run(new StageContext(experiment, Layout.at(out), true, Proxies.NONE, false, quiet));
        return 0;
      });
    }));
    deleteRecursively(work);
  }

  /** Runs a round that reports its own nanoseconds (so setup can stay outside), sorted fastest first. */
  private static long[] time(LongSupplier round) {
    for (int i = 0; i < WARM_UP; i++) {
      round.getAsLong();
    }
    long[] nanos = new long[ROUNDS];
    for (int i = 0; i < ROUNDS; i++) {
      nanos[i] = round.getAsLong();
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static long elapsed(IntSupplier step) {
    long start = System.nanoTime();
    step.getAsInt();
    return System.nanoTime() - start;
  }

  private static void row(String step, int klines, long[] nanos) {
    double median = nanos[nanos.length / 2] / 1e6;
    double best = nanos[0] / 1e6;
    System.out.printf(Locale.ROOT, "%-52s %12.1f %12.1f %,16.0f%n", step, median, best, klines / (median / 1e3));
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
