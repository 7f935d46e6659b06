package io.veriregime.runtime.bench;

import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.ezkl.EzklBackend;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.zk.CompileSummary;
import io.veriregime.runtime.zk.SeededModels;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * How proving scales with the student's width and with the number of samples, with the real EZKL:
 * for the design's student (480→128→64→32→3, x²) at widths ×0.5, ×1, ×2, zk-compile (with its
 * logrows trials) and then {@code bench.samples} proofs three ways: one prover process per proof
 * (as zk-prove did before batches), one process for the whole batch, and two processes with one
 * thread each. Wall and CPU seconds per proof, proofs per minute, the prover's peak memory, and the
 * load average before and after each width (the machine is shared). Every proof is verified.
 *
 * <pre>./mvnw -q -P bench -pl veriregime-runtime test-compile exec:java \
 *   -Dexec.mainClass=io.veriregime.runtime.bench.ProvingScalingBenchmark [-Dbench.widths=0.5,1,2] [-Dbench.samples=4]
 *   [-Dbench.zk="ezkl: {logrowsTrials: 0}"]</pre>
 */
public final class ProvingScalingBenchmark {

  private static final List<Integer> DESIGN_HIDDEN = List.of(128, 64, 32);

  private ProvingScalingBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path sharedData = Path.of(System.getProperty("veriregime.sharedData",
        System.getProperty("maven.multiModuleProjectDirectory", ".") + "/../shared/data")).toAbsolutePath().normalize();
    List<Double> widths = Arrays.stream(System.getProperty("bench.widths", "0.5,1,2").split(","))
        .map(Double::parseDouble).toList();
    int samples = Integer.getInteger("bench.samples", 4);
    String extraZk = System.getProperty("bench.zk", "");
    List<String> rows = new ArrayList<>();
    for (double width : widths) {
      List<Integer> hidden = DESIGN_HIDDEN.stream().map(size -> (int) Math.round(size * width)).toList();
      Path project = Files.createTempDirectory("veriregime-scaling-bench");
      Files.writeString(project.resolve("experiment.yaml"), """
          name: proving-scaling-benchmark
          seed: 7
          data:
            source: csv
            files: [%s]
            start: 2024-01-01
            end: 2024-01-02
          zk:
            teacher: false
            %s
          """.formatted(sharedData.resolve("binance-spot-klines-1m/BTCUSDT-1m-2024-01.csv.gz"), extraZk));
      Experiment experiment = ExperimentLoader.load(project.resolve("experiment.yaml"), Map.of());
      StageContext ctx = new StageContext(experiment, Layout.at(project.resolve("target/veriregime")), false, Proxies.NONE,
          false, StageLog.stdout());
      new DataStage().run(ctx);
      Npy.FloatArray test = Npy.readFloat(ctx.layout().features("test"));
      ZkTestSupport.asStageOutput(ctx.layout().distillDir(), StageId.DISTILL.goal(),
          () -> SeededModels.student(ctx.layout().distilledStudent(), test, hidden, 1.0, 11));
      String loadBefore = loadAverage();
      long started = System.nanoTime();
      new ZkCompileStage().run(ctx);
      double compileSeconds = (System.nanoTime() - started) / 1e9;
      CompileSummary summary = ZkCompileStage.readSummary(ctx.layout().zkCompileDir());
      ProvingBackend backend = EzklBackend.provision(experiment, true, Proxies.NONE, StageLog.silent());
      CompileSummary.Circuit compiled = summary.student();
      CompiledCircuit student = new CompiledCircuit("student", ctx.layout().zkCompileDir(), new CircuitCost(
          compiled.logrows(), compiled.rows(), compiled.rowsAre(), compiled.totalAssignments(), compiled.inputScale(),
          compiled.paramScale(), compiled.layerBits()));
      List<Integer> sampleList = IntStream.range(0, samples).boxed().toList();
      int threads = experiment.config().compute().effectiveThreads();

      Measured perProcess = measure(backend, student, samples, () -> {
        List<Proof> proofs = new ArrayList<>();
        for (int sample : sampleList) {
          proofs.addAll(backend.proveAll(student, test, List.of(sample), s -> project.resolve("single/" + s),
              ProverPool.single(threads)));
        }
        return proofs;
      });
      Measured batch = measure(backend, student, samples, () -> backend.proveAll(student, test, sampleList,
          s -> project.resolve("batch/" + s), ProverPool.single(threads)));
      Measured twoProvers = measure(backend, student, samples, () -> backend.proveAll(student, test, sampleList,
          s -> project.resolve("pool/" + s), new ProverPool(2, Math.max(1, threads / 2))));
      String header = String.format(Locale.ROOT, "×%s %s: logrows %d, rows %,d, pk %,d MB, proof %,d B; zk-compile %.1f s"
              + "; load %s → %s", width, hidden, summary.student().logrows(), summary.student().rows(),
          summary.student().setup().pkBytes() >> 20, batch.proofBytes, compileSeconds, loadBefore, loadAverage());
      int first = rows.size();
      rows.add(header);
      rows.add("  " + perProcess.row("one process per proof"));
      rows.add("  " + batch.row("one process, whole batch"));
      rows.add("  " + twoProvers.row("two processes x " + Math.max(1, threads / 2) + " thread(s)"));
      if (summary.student().logrowsTrials() != null) {
        rows.add("  logrows trials: " + summary.student().logrowsTrials().reason());
        summary.student().logrowsTrials().trials().forEach(trial -> rows.add("    " + trial));
      }
      System.out.println(String.join("\n", rows.subList(first, rows.size())));
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "ProvingScalingBenchmark — %d cores, %d samples each way%n",
        Runtime.getRuntime().availableProcessors(), samples);
    rows.forEach(System.out::println);
  }

  /** Proves the samples with {@code prove}, verifies every proof, and sums up what it took. */
  private static Measured measure(ProvingBackend backend, CompiledCircuit circuit, int samples, Supplier<List<Proof>> prove) {
    long started = System.nanoTime();
    List<Proof> proofs = prove.get();
    double wall = (System.nanoTime() - started) / 1e9;
    List<Verification> verifications = backend.verifyAll(circuit, proofs.stream().map(Proof::file).toList());
    if (!verifications.stream().allMatch(Verification::verified) || proofs.size() != samples) {
      throw new IllegalStateException("a proof did not verify: " + verifications);
    }
    return new Measured(samples, wall, proofs.stream().mapToDouble(p -> p.prove().seconds()).average().orElseThrow(),
        proofs.stream().mapToDouble(p -> p.prove().cpuSeconds() + p.witness().cpuSeconds()).average().orElseThrow(),
        proofs.stream().mapToLong(p -> p.prove().peakMemoryBytes()).max().orElseThrow(), proofs.get(0).proofBytes());
  }

  private record Measured(int proofs, double wallSeconds, double proveSeconds, double cpuSeconds, long peakBytes,
                          long proofBytes) {
    String row(String how) {
      return String.format(Locale.ROOT, "%-30s %6.2f s/proof wall (prove step %5.2f s, CPU %5.2f s), %5.1f proofs/min,"
          + " peak %,d MB per prover", how, wallSeconds / proofs, proveSeconds, cpuSeconds, proofs / wallSeconds * 60,
          peakBytes >> 20);
    }
  }

  private static String loadAverage() throws IOException {
    return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
  }
}
