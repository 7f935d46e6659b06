package io.veriregime.runtime.bench;

import io.veriregime.runtime.net.Proxies;
import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.zk.SeededModels;
import io.veriregime.runtime.zk.ZkTestSupport;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkProveStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Proving cost of the design's student (480→128→64→32→3, x²) and teacher (Conv1d 8→64 k5 →
 * Conv1d 64→128 k3 → Linear 128→3) with the real EZKL: logrows, rows, setup/prove/verify time
 * (mean ± standard error over zk.samples rounds), proof and key sizes, peak memory, and the
 * teacher/student prove CPU-time ratio (measured when the teacher fits zk.budget, otherwise
 * zk-compile's estimate). Data: two days of real BTCUSDT klines through the real fetch-data stage;
 * weights seeded (proving cost depends on the architecture, not on what the weights learnt).
 *
 * <pre>./mvnw -q -P bench -pl veriregime-runtime test-compile exec:java \
 *   -Dexec.mainClass=io.veriregime.runtime.bench.ProvingBenchmark [-Dbench.zk="budget: {memory: 64g, time: 2h}"]</pre>
 */
public final class ProvingBenchmark {

  private ProvingBenchmark() {}

  public static void main(String[] args) throws IOException {
    // exec:java runs inside Maven, which knows the project root; the shared data lies beside it
    Path sharedData = Path.of(System.getProperty("veriregime.sharedData",
        System.getProperty("maven.multiModuleProjectDirectory", ".") + "/../shared/data")).toAbsolutePath().normalize();
    Path project = Files.createTempDirectory("veriregime-proving-bench");
    String extraZk = System.getProperty("bench.zk", "");
    Files.writeString(project.resolve("experiment.yaml"), """
        name: proving-benchmark
        seed: 7
        data:
          source: csv
          files: [%s]
          start: 2024-01-01
          end: 2024-01-02
        zk:
          samples: 3
          %s
        """.formatted(sharedData.resolve("binance-spot-klines-1m/BTCUSDT-1m-2024-01.csv.gz"), extraZk));
    Experiment experiment = ExperimentLoader.load(project.resolve("experiment.yaml"), Map.of());
    StageContext ctx = new StageContext(experiment, Layout.at(project.resolve("target/veriregime")), false, Proxies.NONE, false, StageLog.stdout());

    new DataStage().run(ctx);
    Npy.FloatArray test = Npy.readFloat(ctx.layout().root().resolve("data").resolve("test.features.npy"));
    ZkTestSupport.asStageOutput(ctx.layout().distillDir(), StageId.DISTILL.goal(),
        () -> SeededModels.student(ctx.layout().distilledStudent(), test, List.of(128, 64, 32), 1.0, 11));
    ZkTestSupport.asStageOutput(ctx.layout().teacherDir(), StageId.TRAIN_TEACHER.goal(),
        () -> SeededModels.teacher(ctx.layout().teacherModel(), test, List.of(64, 128), List.of(5, 3), 13));

    long started = System.nanoTime();
    new ZkCompileStage().run(ctx);
    double compileSeconds = (System.nanoTime() - started) / 1e9;
    started = System.nanoTime();
    new ZkProveStage().run(ctx);
    double proveStageSeconds = (System.nanoTime() - started) / 1e9;

    JsonNode compile = JsonFiles.readTree(ctx.layout().root().resolve("zk").resolve("compile/compile.json"));
    JsonNode proving = JsonFiles.readTree(ctx.layout().root().resolve("zk").resolve("prove/proving.json"));
    JsonNode student = proving.path("student");
    JsonNode teacher = proving.path("teacher");
    System.out.println();
    System.out.printf(Locale.ROOT, "ProvingBenchmark — ezkl %s, %d cores, %s SRS%n", proving.path("ezkl").asText(),
        Runtime.getRuntime().availableProcessors(), compile.path("student").path("srs").path("kind").asText());
    System.out.printf(Locale.ROOT, "student 480→128→64→32→3 x²: logrows %d, rows %,d, input/param scale %d/%d%n",
        student.path("logrows").asInt(), student.path("rows").asLong(),
        compile.path("student").path("inputScale").asInt(), compile.path("student").path("paramScale").asInt());
    for (String phase : List.of("setup", "witness", "prove", "proveCpu", "verify")) {
      JsonNode timing = student.path(phase);
      System.out.printf(Locale.ROOT, "  %-8s %8.3f ± %.3f s (%d rounds)%n", phase, timing.path("meanSeconds").asDouble(),
          timing.path("standardErrorSeconds").asDouble(Double.NaN), timing.path("rounds").asInt());
    }
    System.out.printf(Locale.ROOT, "  proof %,d bytes (proof.json %,d bytes), vk %,d bytes, pk %,d bytes%n",
        student.path("proofBytes").asLong(), student.path("proofFileBytes").asLong(),
        student.path("vkBytes").asLong(), student.path("pkBytes").asLong());
    System.out.printf(Locale.ROOT, "  peak memory (prove/witness/verify processes) %,d MB; setup process %,d MB%n",
        student.path("peakMemoryBytes").asLong() >> 20, compile.path("student").path("setup").path("peakMemoryBytes").asLong() >> 20);
    System.out.printf(Locale.ROOT, "  circuit vs float logits: max |error| %.5f, argmax agreement %.2f%n",
        student.path("maxAbsError").asDouble(), student.path("argmaxAgreement").asDouble());
    System.out.printf(Locale.ROOT, "teacher Conv1d 8→64 k5 → 64→128 k3 → 3: logrows %d, rows %,d%n",
        teacher.path("logrows").asInt(), teacher.path("rows").asLong());
    JsonNode estimate = teacher.path("estimate");
    if (teacher.path("proved").asBoolean()) {
      System.out.printf(Locale.ROOT, "  prove %.3f s, %.3f CPU s (1 round), proof %,d bytes, peak memory %,d MB%n",
          teacher.path("proveSeconds").asDouble(), teacher.path("proveCpuSeconds").asDouble(),
          teacher.path("proofBytes").asLong(), teacher.path("peakMemoryBytes").asLong() >> 20);
    } else {
      System.out.printf(Locale.ROOT, "  not set up or proved: %s%n", teacher.path("reason").asText());
    }
    System.out.printf(Locale.ROOT, "  estimate (%s): domain %,d rows, peak memory %,d MB, setup %.0f CPU s, prove %.0f CPU s%n",
        estimate.path("basis").asText(), estimate.path("domainRows").asLong(), estimate.path("peakMemoryBytes").asLong() >> 20,
        estimate.path("setupCpuSeconds").asDouble(), estimate.path("proveCpuSeconds").asDouble());
    System.out.printf(Locale.ROOT, "teacher/student prove CPU time: %.1fx (%s)%n",
        teacher.path("teacherOverStudentProveTime").asDouble(), teacher.path("ratioIs").asText());
    System.out.printf(Locale.ROOT, "stage wall time: zk-compile %.1f s, zk-prove %.1f s; outputs in %s%n", compileSeconds,
        proveStageSeconds, project);
  }
}
