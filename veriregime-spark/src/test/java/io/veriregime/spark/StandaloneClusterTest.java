package io.veriregime.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.zk.ProvingReport;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkProveStage;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zk-prove's farm on a real cluster manager: a Spark standalone master and two one-core workers on
 * 127.0.0.1 (separate JVMs, executors started by the workers), reached as {@code spark://127.0.0.1:port}
 * with cluster.workDir the project's directory. One worker, with its executor and that executor's
 * prover, is killed as the first share starts: Spark runs the lost share again on the other worker,
 * every window is proved once into the layout and verified, and after the build and the cluster
 * stopped no process any of them started is left.
 */
@RunsTools
class StandaloneClusterTest {

  private static final int WINDOWS = 8;

  private final RecordingLog log = new RecordingLog();

  @Test
  void aKilledWorkersShareIsProvedAgainElsewhereAndNothingSurvives(@TempDir Path project) throws Exception {
    ProvingReport report;
    LoopbackSparkCluster cluster = new LoopbackSparkCluster(project.resolve("cluster"), 2);
    try (cluster) {
      Experiment experiment = onCluster(project, cluster);
      StageContext ctx = ZkTestSupport.preparedContext(experiment, project, log);
      new ZkCompileStage().run(ctx);
      Path scratch = ctx.layout().zkProveDir().resolve(".shares");
      CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
        awaitFirstAttempt(scratch);
        cluster.killWorker(1);
      });
      report = ZkProveStage.readReport(new ZkProveStage().run(ctx).directory());
      assertThat(killer).as("worker 1 was killed while the shares ran").isDone();
      killer.join();

      List<ProvingReport.Round> rounds = report.student().rounds();
      assertThat(rounds).extracting(ProvingReport.Round::sample)
          .containsExactlyElementsOf(IntStream.range(0, WINDOWS).boxed().toList());
      assertThat(rounds).allSatisfy(round -> {
        assertThat(round.verified()).isTrue();
        assertThat(round.argmaxAgrees()).isTrue();
      });
      Path prove = ctx.layout().zkProveDir();
      try (Stream<Path> entries = Files.list(prove)) {
        assertThat(entries.map(path -> path.getFileName().toString()).filter(name -> name.startsWith("sample-")))
            .as("one directory per window, none from a lost attempt").hasSize(WINDOWS);
      }
      assertThat(prove.resolve(".shares")).doesNotExist();
      for (int sample = 0; sample < WINDOWS; sample++) {
        try (Stream<Path> files = Files.list(prove.resolve("sample-" + sample))) {
          assertThat(files.map(path -> path.getFileName().toString()).filter(name -> name.equals("proof.json")))
              .hasSize(1);
        }
      }
      ProvingReport.Farm farm = report.student().throughput().farm();
      assertThat(farm.engine()).isEqualTo("spark");
      assertThat(farm.executors()).isEqualTo(2);
      assertThat(farm.retries()).as("the killed worker's share ran again").isPositive();
      assertThat(farm.shares()).filteredOn(share -> share.attempts() > 1)
          .allSatisfy(share -> assertThat(share.failedAttempts()).isNotEmpty());
      assertThat(cluster.survivors()).as("the search finds the cluster's daemons while they run").isNotEmpty();
    }
    assertThat(cluster.survivors()).as("master, workers, executors and provers all ended").isEmpty();
  }

  /**
   * The project's experiment on the loopback cluster. The first shares wait for both executors (a slow
   * machine starts them late), so the killed worker's executor holds a share when it dies.
   */
  private static Experiment onCluster(Path project, LoopbackSparkCluster cluster) throws IOException {
    ZkTestSupport.experiment(project, """
        backend: groth16
        samples: %d
        shareSize: 2
        teacher: false
        """.formatted(WINDOWS) + ZkTestSupport.DEV_GROTH16);
    Path file = project.resolve("experiment.yaml");
    Files.writeString(file, Files.readString(file) + """
        cluster:
          engine: spark
          master: %s
          workDir: "%s"
          maxAttempts: 3
          conf:
            spark.driver.host: 127.0.0.1
            spark.driver.bindAddress: 127.0.0.1
            spark.executor.memory: 512m
            spark.scheduler.minRegisteredResourcesRatio: "1.0"
            spark.scheduler.maxRegisteredResourcesWaitingTime: 120s
            spark.executor.extraClassPath: "%s"
        """.formatted(cluster.masterUrl(), project.toAbsolutePath(), LoopbackSparkCluster.classpath()));
    return ExperimentLoader.load(file, Map.of());
  }

  /** Waits until a share's first attempt started proving (its scratch directory appeared). */
  private static void awaitFirstAttempt(Path scratch) {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(scratch)) {
        try (Stream<Path> attempts = Files.list(scratch)) {
          if (attempts.anyMatch(path -> path.getFileName().toString().endsWith("-attempt-1"))) {
            return;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
