package io.veriregime.runtime.zk;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.execution.Engines;
import io.veriregime.runtime.execution.Job;
import io.veriregime.runtime.execution.TaskEngine;
import io.veriregime.runtime.execution.TaskFailure;
import io.veriregime.runtime.execution.TaskFunction;
import io.veriregime.runtime.execution.TaskOutcome;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.Upstream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zk-prove as a proving farm on this machine (cluster.engine local), with Groth16 on the zk tests'
 * tiny real student: the windows cut into shares, two at once, every proof in {@code sample-N/} in
 * window order and verified; and a share whose first attempt fails after it proved is retried, with
 * nothing of the failed attempt in the layout, its work shipped as a cluster ships it (serialized, so
 * the prover provisions its backend and reads its features itself, offline).
 */
@RunsTools
class ProvingFarmTest {

  @TempDir
  static Path project;
  static StageContext ctx;
  static final RecordingLog log = new RecordingLog();

  @BeforeAll
  static void prepare() {
    Experiment experiment = ZkTestSupport.experiment(project, """
        backend: groth16
        samples: 12
        shareSize: 4
        provers: 0
        teacher: false
        """ + ZkTestSupport.DEV_GROTH16, Map.of("compute.threads", "2"));
    ctx = ZkTestSupport.preparedContext(experiment, project, log);
    new ZkCompileStage().run(ctx);
  }

  @Test
  void zkProveSharesTheWindowsOutAndWritesEveryVerifiedProofInWindowOrder() {
    int before = log.lines.size();
    StageResult result = new ZkProveStage().run(ctx);

    ProvingReport report = ZkProveStage.readReport(result.directory());
    assertThat(report.student().rounds()).extracting(ProvingReport.Round::sample)
        .containsExactlyElementsOf(IntStream.range(0, 12).boxed().toList());
    assertThat(report.student().rounds()).allSatisfy(round -> {
      assertThat(round.verified()).isTrue();
      assertThat(round.directory()).isEqualTo("sample-" + round.sample());
      assertThat(round.argmaxAgrees()).as("the circuit's class equals the float model's").isTrue();
      assertThat(result.directory().resolve(round.directory()).resolve("proof.json")).isNotEmptyFile();
    });
    // zk.provers 0: the first window alone (its peak memory plans the rest), then 11 in shares of at most 4
    ProvingReport.Farm farm = report.student().throughput().farm();
    assertThat(farm.engine()).isEqualTo("local");
    assertThat(farm.executors()).isEqualTo(2);
    assertThat(farm.threadsPerShare()).isEqualTo(1);
    assertThat(farm.shares()).extracting(ProvingReport.Share::id)
        .containsExactly("samples-1-3", "samples-4-7", "samples-8-11");
    assertThat(farm.shares().stream().map(ProvingReport.Share::executor).distinct()).as("threads that ran shares")
        .hasSize(2);
    assertThat(farm.shares()).allSatisfy(share -> assertThat(share.attempts()).isEqualTo(1));
    assertThat(farm.retries()).isZero();
    assertThat(report.student().throughput().proofsPerMinute()).isPositive();
    assertThat(result.directory().resolve(ProvingFarm.SCRATCH)).doesNotExist();
    // the manifest lists exactly what is there: the scratch attempts are gone, every sample is in
    Upstream.verify(result.directory(), StageId.ZK_PROVE, log);
    // its own lines: the other test's farm logs to the same log
    assertThat(log.lines.subList(before, log.lines.size()))
        .anyMatch(line -> line.matches("INFO zk-prove: student proofs: samples-\\d+-\\d+ finished in .*"
        + " \\d/3 done in .*"));
  }

  @Test
  void aShareWhoseFirstAttemptFailsIsRetriedAndOnlyTheSuccessfulAttemptReachesTheLayout() {
    Experiment experiment = ZkTestSupport.experiment(project.resolve("retried"), """
        backend: groth16
        samples: 8
        shareSize: 4
        """ + ZkTestSupport.DEV_GROTH16);
    ProvingBackend backend = ProvingBackends.provision(experiment, false, Proxies.NONE, log);
    CompiledCircuit circuit = new CompiledCircuit("student", ctx.layout().zkCompileDir(),
        ZkCompileStage.readSummary(ctx.layout().zkCompileDir()).student().cost());
    Npy.FloatArray features = Npy.readFloat(ctx.layout().features("test"));
    Path stageDir = project.resolve("retried/prove");
    List<Integer> windows = IntStream.range(0, 8).boxed().toList();

    ProvingFarm.Result result;
    try (TaskEngine engine = new Serializing(new FailingFirstAttempt(Engines.open(experiment, log), 4))) {
      result = ProvingFarm.prove(experiment, backend, circuit, ctx.layout().features("test"), features, windows,
          window -> stageDir.resolve("sample-" + window), stageDir, 1, engine, log);
    }

    assertThat(result.proofs()).extracting(proof -> proof.file().getParent().getFileName().toString())
        .containsExactly("sample-0", "sample-1", "sample-2", "sample-3", "sample-4", "sample-5", "sample-6", "sample-7");
    List<Verification> verified = backend.verifyAll(circuit, result.proofs().stream().map(Proof::file).toList());
    assertThat(verified).hasSize(8).allSatisfy(verification -> assertThat(verification.verified()).isTrue());
    ProvingReport.Share retried = result.farm().shares().get(1);
    assertThat(retried.id()).isEqualTo("samples-4-7");
    assertThat(retried.attempts()).isEqualTo(2);
    assertThat(retried.failedAttempts()).containsExactly("executor lost after proving samples-4-7");
    assertThat(result.farm().retries()).isEqualTo(1);
    assertThat(stageDir.resolve(ProvingFarm.SCRATCH)).doesNotExist();
    assertThat(stageDir).isDirectoryContaining("glob:**/sample-4").isDirectoryNotContaining("glob:**/*attempt*");
  }

  @Test
  void anExecutorThatDoesNotSeeTheBuildsFilesFailsTheShareSayingSo() {
    Experiment experiment = ZkTestSupport.experiment(project.resolve("elsewhere"), "backend: groth16\nsamples: 4\n"
        + ZkTestSupport.DEV_GROTH16);
    ProvingBackend backend = ProvingBackends.provision(experiment, false, Proxies.NONE, log);
    CompiledCircuit circuit = new CompiledCircuit("student", ctx.layout().zkCompileDir(),
        ZkCompileStage.readSummary(ctx.layout().zkCompileDir()).student().cost());
    Path stageDir = project.resolve("elsewhere/prove");

    // an executor whose cluster.workDir is a directory of its own machine: the driver's token is not there
    try (TaskEngine engine = new Serializing(new WithoutDriversToken(Engines.open(experiment, log),
        stageDir.resolve(ProvingFarm.SCRATCH).resolve(ShareProver.DRIVER_TOKEN)))) {
      assertThatThrownBy(() -> ProvingFarm.prove(experiment, backend, circuit, ctx.layout().features("test"),
          Npy.readFloat(ctx.layout().features("test")), List.of(0, 1, 2, 3), window -> stageDir.resolve("sample-" + window),
          stageDir, 1, engine, log))
          .isInstanceOf(TaskFailure.class)
          .hasMessageContaining("does not see this build's files: " + stageDir.resolve(".shares/driver-token")
              + " is not there")
          .hasMessageContaining("cluster.workDir must be one shared filesystem");
    }
    assertThat(stageDir).isDirectoryNotContaining("glob:**/sample-*");
  }

  /** The local engine on a machine without the driver's files: the token is gone before the tasks run. */
  private record WithoutDriversToken(TaskEngine engine, Path token) implements Wrapping {

    @Override
    public <T, R> List<TaskOutcome<R>> run(Job<T, R> job) {
      try {
        Files.delete(token);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return engine.run(job);
    }
  }

  /** An engine around another, which it hands all but {@code run}. */
  private interface Wrapping extends TaskEngine {

    TaskEngine engine();

    @Override
    default String name() {
      return engine().name();
    }

    @Override
    default int executors(int planned, int tasks) {
      return engine().executors(planned, tasks);
    }

    @Override
    default void close() {
      engine().close();
    }
  }

  /**
   * An engine that ships the job's function as a cluster does: serialized and read back, so it arrives
   * without anything the driver held in memory.
   */
  private record Serializing(TaskEngine engine) implements Wrapping {

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> List<TaskOutcome<R>> run(Job<T, R> job) {
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
          out.writeObject(job.function());
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
          TaskFunction<T, R> shipped = (TaskFunction<T, R>) in.readObject();
          return engine.run(new Job<>(job.name(), job.tasks(), shipped, job.parallelism()));
        }
      } catch (IOException | ClassNotFoundException e) {
        throw new IllegalStateException("the share function must travel to an executor: " + e, e);
      }
    }
  }

  /**
   * The local engine, with the share starting at {@code window} failing its first attempt after its
   * proofs were written: what a Spark executor lost before its result reached the driver looks like.
   */
  private record FailingFirstAttempt(TaskEngine engine, int window) implements Wrapping {

    @Override
    @SuppressWarnings("unchecked")
    public <T, R> List<TaskOutcome<R>> run(Job<T, R> job) {
      TaskFunction<T, R> failing = (input, attempt) -> {
        R result = job.function().apply(input, attempt);
        if (attempt.number() == 1 && ((List<Integer>) input).get(0) == window) {
          throw new IllegalStateException("executor lost after proving samples-4-7");
        }
        return result;
      };
      return engine.run(new Job<>(job.name(), job.tasks(), failing, job.parallelism()));
    }
  }
}
