package io.veriregime.runtime.bench;

import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.Versions;
import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.process.ChildProcess;
import io.veriregime.runtime.train.TeacherStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Teacher training throughput (samples/s) with DJL, side by side with the same model in PyTorch
 * ({@code bench/pytorch_teacher.py}) on the same tensors, batch size and thread count.
 *
 * <p>Both sides count the samples trained divided by the time spent in the training loop (batch
 * gather, forward, backward, AdamW step; the DJL side's per-epoch validation is not counted), over
 * all epochs (first included) and for the fastest epoch: on a shared machine the fastest epoch is
 * the one least disturbed by other work, so the ratio of best epochs is the fairer comparison.
 *
 * <pre>
 * ./mvnw -q -P bench -pl veriregime-runtime test-compile exec:java \
 *   -Dexec.mainClass=io.veriregime.runtime.bench.TeacherTrainingBenchmark \
 *   [-Dbench.days=14] [-Dbench.epochs=5] [-Dbench.threads=N] [-Dbench.python=/path/to/python-with-torch]
 * </pre>
 * The python defaults to {@code ~/.cache/veriregime/torch-venv/bin/python}; create it with
 * {@code python3 -m venv ~/.cache/veriregime/torch-venv && ~/.cache/veriregime/torch-venv/bin/pip install torch numpy}.
 */
public final class TeacherTrainingBenchmark {

  private static final int BATCH = 256;

  private record Throughput(double overall, double bestEpoch) {}

  private TeacherTrainingBenchmark() {}

  public static void main(String[] args) throws IOException {
    int days = Integer.getInteger("bench.days", 14);
    int epochs = Integer.getInteger("bench.epochs", 5);
    int threads = Integer.getInteger("bench.threads", Runtime.getRuntime().availableProcessors());
    Path python = Path.of(System.getProperty("bench.python",
        Path.of(System.getProperty("user.home"), ".cache/veriregime/torch-venv/bin/python").toString()));
    Path sharedData = Path.of(System.getProperty("veriregime.sharedData", "../shared/data"));
    Path january = sharedData.resolve("binance-spot-klines-1m/BTCUSDT-1m-2024-01.csv.gz").toAbsolutePath().normalize();

    // libtorch reads its thread counts when it loads: set them before the first DJL call
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");

    Path project = Files.createTempDirectory("teacher-bench");
    Path yaml = project.resolve("experiment.yaml");
    Files.writeString(yaml, String.format(Locale.ROOT, """
        name: teacher-bench
        seed: 7
        data:
          source: csv
          files: ["%s"]
          start: 2024-01-01
          end: 2024-01-%02d
        teacher:
          epochs: %d
          batchSize: %d
          patience: %d
        """, january, days, epochs, BATCH, epochs));
    StageLog log = StageLog.stdout();
    StageContext ctx = new StageContext(ExperimentLoader.load(yaml, Map.of()), Layout.at(project.resolve("target/veriregime")),
        true, Proxies.NONE, false, log);
    new DataStage().run(ctx);
    new TeacherStage().run(ctx);
    Path model = ctx.layout().teacherModel();
    int trainSize = Npy.readInt(ctx.layout().root().resolve("data").resolve("train.labels.npy")).shape()[0];
    Throughput djl = new Throughput(JsonFiles.readTree(model.resolve("metrics.json")).get("trainSamplesPerSecond").asDouble(),
        trainSize / StreamSupport.stream(JsonFiles.readTree(model.resolve("curves.json")).get("epochs").spliterator(), false)
            .mapToDouble(epoch -> epoch.get("trainSeconds").asDouble()).min().orElseThrow());

    Throughput pytorch = null;
    Path script = Path.of("bench/pytorch_teacher.py").toAbsolutePath();
    if (!Files.isRegularFile(script)) script = Path.of("../bench/pytorch_teacher.py").toAbsolutePath().normalize();
    if (Files.isExecutable(python)) {
      Map<String, Double> rates = new java.util.concurrent.ConcurrentHashMap<>();
      ChildProcess.Result result = ChildProcess.run(
          List.of(python.toString(), script.toString(), "--data", ctx.layout().root().resolve("data").toString(),
              "--epochs", Integer.toString(epochs), "--batch-size", Integer.toString(BATCH),
              "--threads", Integer.toString(threads)),
          project, Map.of(), Duration.ofMinutes(30),
          line -> {
            System.out.println("  " + line);
            String[] keyValue = line.split("=", 2);
            if (keyValue.length == 2 && keyValue[0].endsWith("samples_per_second")) {
              rates.put(keyValue[0], Double.parseDouble(keyValue[1]));
            }
          },
          line -> System.out.println("  " + line));
      if (result.exitCode() == 0 && rates.size() == 2) {
        pytorch = new Throughput(rates.get("samples_per_second"), rates.get("best_epoch_samples_per_second"));
      }
      else System.out.println("PyTorch reference failed (exit " + result.exitCode() + "); output above");
    } else {
      System.out.println("PyTorch reference not run: no executable " + python + " (see this class's comment)");
    }

    System.out.println();
    System.out.printf(Locale.ROOT, "TeacherTrainingBenchmark: BTCUSDT-1m 2024-01-01..%02d, batch %d, %d epochs, %d threads, %s%n",
        days, BATCH, epochs, threads, System.getProperty("os.arch"));
    System.out.printf(Locale.ROOT, "  %-22s %14s %14s%n", "samples/s", "all epochs", "best epoch");
    System.out.printf(Locale.ROOT, "  %-22s %14.1f %14.1f%n", "DJL " + Versions.djl() + " (PyTorch engine)", djl.overall(), djl.bestEpoch());
    if (pytorch != null) {
      System.out.printf(Locale.ROOT, "  %-22s %14.1f %14.1f%n", "PyTorch (Python)", pytorch.overall(), pytorch.bestEpoch());
      System.out.printf(Locale.ROOT, "  %-22s %14.3f %14.3f%n", "ratio DJL/PyTorch", djl.overall() / pytorch.overall(),
          djl.bestEpoch() / pytorch.bestEpoch());
    }
  }
}
