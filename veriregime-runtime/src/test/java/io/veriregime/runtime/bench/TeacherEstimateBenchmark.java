package io.veriregime.runtime.bench;

import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.onnx.OnnxExporter;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.zk.SeededModels;
import io.veriregime.runtime.zk.TeacherEstimate;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How far zk-compile's teacher estimate (EZKL's uncalibrated gen-settings, see {@code
 * zk.TeacherEstimate}) is from the calibrated circuit, on several convolutional teachers: for each,
 * the uncalibrated rows and the logrows the estimate derives from them, the calibrated logrows and
 * rows, and the work each took (EZKL's own steps run in child processes; this JVM's CPU is not
 * theirs, so the figures are the children's wall seconds). Data: two days of real BTCUSDT klines
 * through the real fetch-data stage; weights seeded (the circuit's layout depends on the
 * architecture; calibration sees the real validation windows). One teacher at a time: the design
 * teacher's calibration takes minutes.
 *
 * <pre>./mvnw -q -P bench -pl veriregime-runtime test-compile exec:java \
 *   -Dexec.mainClass=io.veriregime.runtime.bench.TeacherEstimateBenchmark [-Dbench.teachers=16x32,64x128]</pre>
 */
public final class TeacherEstimateBenchmark {

  private TeacherEstimateBenchmark() {}

  /** A teacher: the channels of its two conv blocks and their kernels. */
  private record Shape(int first, int second, int firstKernel, int secondKernel) {
    static Shape parse(String text) {
      String[] channels = text.split("x");
      return new Shape(Integer.parseInt(channels[0]), Integer.parseInt(channels[1]), 5, 3);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "Conv1d 8→%d k%d → %d→%d k%d → 3", first, firstKernel, first, second,
          secondKernel);
    }
  }

  public static void main(String[] args) throws IOException {
    Path sharedData = Path.of(System.getProperty("veriregime.sharedData",
        System.getProperty("maven.multiModuleProjectDirectory", ".") + "/../shared/data")).toAbsolutePath().normalize();
    Path project = Files.createTempDirectory("veriregime-teacher-estimate-bench");
    Files.writeString(project.resolve("experiment.yaml"), """
        name: teacher-estimate-benchmark
        seed: 7
        data:
          source: csv
          files: [%s]
          start: 2024-01-01
          end: 2024-01-02
        """.formatted(sharedData.resolve("binance-spot-klines-1m/BTCUSDT-1m-2024-01.csv.gz")));
    Experiment experiment = ExperimentLoader.load(project.resolve("experiment.yaml"), Map.of());
    StageContext ctx = new StageContext(experiment, Layout.at(project.resolve("target/veriregime")), false,
        Proxies.NONE, false, StageLog.stdout());
    new DataStage().run(ctx);
    Npy.FloatArray test = Npy.readFloat(ctx.layout().features("test"));
    Npy.FloatArray validation = Npy.readFloat(ctx.layout().features("validation"));
    ProvingBackend backend = ProvingBackends.provision(experiment, ctx.tools("bench"));

    List<String> rows = new ArrayList<>();
    for (String text : System.getProperty("bench.teachers", "16x32,32x64,64x128").split(",")) {
      Shape shape = Shape.parse(text.strip());
      Path dir = Files.createDirectories(project.resolve("teacher-" + text.strip()));
      Path model = SeededModels.teacher(Files.createDirectories(dir.resolve("model")), test,
          List.of(shape.first(), shape.second()), List.of(shape.firstKernel(), shape.secondKernel()), 13);
      Path onnx = dir.resolve("teacher.onnx");
      OnnxExporter.export(model, onnx);
      long started = System.nanoTime();
      CircuitCost uncalibrated = backend.uncalibratedCost("teacher", onnx, Files.createDirectories(dir.resolve("estimate")));
      double estimateSeconds = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      CircuitCost calibrated = backend.compile("teacher", model, onnx, validation,
          Files.createDirectories(dir.resolve("calibrated")), "teacher").cost();
      double calibrateSeconds = (System.nanoTime() - started) / 1e9;
      int estimatedLogrows = TeacherEstimate.logrowsOf(uncalibrated);
      rows.add(String.format(Locale.ROOT, "| %s | %d / %,d | %,d (scales %d/%d) | %d | %+.0f%% rows, %+d logrows | %.1f s | %.1f s |",
          shape, calibrated.logrows(), calibrated.rows(), uncalibrated.rows(), uncalibrated.inputScale(),
          uncalibrated.paramScale(), estimatedLogrows, 100.0 * (uncalibrated.rows() - calibrated.rows()) / calibrated.rows(),
          estimatedLogrows - calibrated.logrows(), estimateSeconds, calibrateSeconds));
      System.out.println(rows.get(rows.size() - 1));
    }
    System.out.println();
    System.out.println("load average at the end: " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println("| teacher | calibrated logrows / rows | uncalibrated rows | estimated logrows | error |"
        + " gen-settings wall | export + calibrate + compile wall |");
    System.out.println("|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }
}
