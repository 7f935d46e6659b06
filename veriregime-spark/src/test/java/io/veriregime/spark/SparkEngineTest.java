package io.veriregime.spark;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.execution.Engines;
import io.veriregime.runtime.execution.Job;
import io.veriregime.runtime.execution.Task;
import io.veriregime.runtime.execution.TaskEngine;
import io.veriregime.runtime.execution.TaskFailure;
import io.veriregime.runtime.execution.TaskFunction;
import io.veriregime.runtime.execution.TaskOutcome;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.zk.ProvingReport;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkProveStage;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cluster.engine: spark on an embedded {@code local[2]} master, found through the runtime's
 * ServiceLoader: Spark retries a failed attempt and hands results back in task order; zk-prove's
 * 64 windows of a small Groth16 student proved as shares on it come back in window order, each
 * verified, with the outputs of a run on this machine's engine and the float model's classes.
 */
@RunsTools
class SparkEngineTest {

  private static final String ZK = """
      backend: groth16
      samples: 64
      shareSize: 8
      teacher: false
      """ + ZkTestSupport.DEV_GROTH16;
  private static final Map<String, String> ON_SPARK = Map.of("cluster.engine", "spark", "cluster.master", "local[2]");

  private final RecordingLog log = new RecordingLog();

  @Test
  void aTaskThatFailsItsFirstAttemptIsRetriedBySparkAndResultsComeBackInOrder(@TempDir Path dir) {
    Experiment experiment = ZkTestSupport.experiment(dir, "backend: groth16\n", ON_SPARK);
    List<Task<Integer>> tasks = IntStream.range(0, 6).mapToObj(i -> new Task<>("task-" + i, "number " + i, i)).toList();
    TaskFunction<Integer, Integer> flaky = (n, attempt) -> {
      if (n == 2 && attempt.number() == 1) {
        throw new IllegalStateException("executor lost on purpose");
      }
      return n * n;
    };
    TaskFunction<Integer, Integer> broken = (n, attempt) -> {
      if (n == 4) {
        throw new IllegalStateException("no witness for window 4");
      }
      return n;
    };

    try (TaskEngine engine = Engines.open(experiment, log)) {
      assertThat(engine.name()).isEqualTo("spark");
      assertThat(engine.executors(1, 6)).isEqualTo(2);
      List<TaskOutcome<Integer>> outcomes = engine.run(new Job<>("squares", tasks, flaky, 1));
      assertThat(outcomes).extracting(TaskOutcome::result).containsExactly(0, 1, 4, 9, 16, 25);
      assertThat(outcomes.get(2).attempts()).isEqualTo(2);
      assertThat(outcomes).filteredOn(outcome -> outcome.attempts() == 1).hasSize(5);

      assertThatThrownBy(() -> engine.run(new Job<>("proofs", tasks, broken, 1)))
          .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.failedTaskIds())
              .containsExactly("task-4"))
          .hasMessageContaining("task-4 (number 4)").hasMessageContaining("no witness for window 4");
    }
    assertThat(log.lines).anyMatch(line -> line.startsWith("WARN squares: task-2 (number 2) failed on attempt 1 of 2"));
  }

  @Test
  void zkProveOnSparkProvesSixtyFourWindowsInOrderAsThisMachineDoes(@TempDir Path project) {
    StageContext onSpark = ZkTestSupport.preparedContext(ZkTestSupport.experiment(project, ZK, ON_SPARK), project, log);
    new ZkCompileStage().run(onSpark);
    ProvingReport spark = ZkProveStage.readReport(new ZkProveStage().run(onSpark).directory());
    // the same circuit proved again on this machine's engine, two provers at once (the outputs do not depend on
    // how the shares ran; where they ran is no part of the fingerprint, so only force proves again)
    StageContext here = new StageContext(ZkTestSupport.experiment(project, ZK, Map.of("zk.provers", "0")),
        onSpark.layout(), false, Proxies.NONE, true, log);
    ProvingReport local = ZkProveStage.readReport(new ZkProveStage().run(here).directory());

    List<ProvingReport.Round> rounds = spark.student().rounds();
    assertThat(rounds).extracting(ProvingReport.Round::sample)
        .containsExactlyElementsOf(IntStream.range(0, 64).boxed().toList());
    assertThat(rounds).allSatisfy(round -> {
      assertThat(round.verified()).isTrue();
      assertThat(round.argmaxAgrees()).as("the circuit's class is the float model's").isTrue();
      assertThat(round.circuitLogits()).containsExactly(local.student().rounds().get(round.sample()).circuitLogits());
    });
    ProvingReport.Farm farm = spark.student().throughput().farm();
    assertThat(farm.engine()).isEqualTo("spark");
    assertThat(farm.executors()).isEqualTo(2);
    assertThat(farm.shares()).hasSize(8).extracting(ProvingReport.Share::id).doesNotHaveDuplicates();
    assertThat(local.student().throughput().farm().engine()).isEqualTo("local");
  }
}
