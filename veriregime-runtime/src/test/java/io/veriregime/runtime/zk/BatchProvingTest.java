package io.veriregime.runtime.zk;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.stage.ToolEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.ezkl.EzklBackend;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many proofs from one prover process (and from two at once) with the real EZKL on the tiny
 * student: each verifies, and each proves the same outputs as a proof made on its own.
 */
@RunsTools
class BatchProvingTest {

  static final int SAMPLES = 4;

  @TempDir
  static Path project;
  static StageContext ctx;
  static ProvingBackend backend;
  static CompiledCircuit student;
  static Npy.FloatArray features;
  static final RecordingLog log = new RecordingLog();

  @BeforeAll
  static void compile() {
    ctx = ZkTestSupport.preparedContext(ZkTestSupport.experiment(project, """
        samples: %d
        provers: 0
        teacher: false
        ezkl:
          calibrationSamples: 8
          maxLogrows: 12
        """.formatted(SAMPLES)), project, log);
    new ZkCompileStage().run(ctx);
    backend = EzklBackend.provision(ctx.experiment().ezkl(), ctx.experiment().node(), ctx.experiment().config().compute().effectiveThreads(), ToolEnvironment.of(ctx.experiment(), true, Proxies.NONE, log));
    Path compileDir = ctx.layout().zkCompileDir();
    student = new CompiledCircuit("student", compileDir, ZkCompileStage.readSummary(compileDir).student().cost());
    features = Npy.readFloat(ctx.layout().features("test"));
  }

  @Test
  void aBatchInOneProcessAndInTwoProvesWhatEachProofAloneProves() {
    List<Integer> samples = IntStream.range(0, SAMPLES).boxed().toList();
    List<Proof> alone = new ArrayList<>();
    for (int sample : samples) {
      alone.addAll(backend.proveAll(student, features, List.of(sample), s -> project.resolve("alone/" + s),
          ProverPool.single(2)));
    }
    List<Proof> oneProcess = backend.proveAll(student, features, samples, s -> project.resolve("batch/" + s),
        ProverPool.single(2));
    List<Proof> twoProcesses = backend.proveAll(student, features, samples, s -> project.resolve("pool/" + s),
        new ProverPool(2, 1));

    for (List<Proof> proofs : List.of(alone, oneProcess, twoProcesses)) {
      assertThat(proofs).hasSize(SAMPLES);
      List<Verification> verifications = backend.verifyAll(student, proofs.stream().map(Proof::file).toList());
      assertThat(verifications).hasSize(SAMPLES).allSatisfy(v -> assertThat(v.verified()).isTrue());
      for (int i = 0; i < SAMPLES; i++) {
        assertThat(proofs.get(i).outputs()).containsExactly(alone.get(i).outputs());
        assertThat(proofs.get(i).prove().cpuSeconds()).isPositive();
        assertThat(proofs.get(i).prove().peakMemoryBytes()).isGreaterThan(10L << 20);
      }
    }
    assertThat(oneProcess.get(0).file()).isEqualTo(project.resolve("batch/0/proof.json"));
    assertThat(twoProcesses.get(3).file()).isEqualTo(project.resolve("pool/3/proof.json"));
    // different samples prove different outputs: the batch did not prove one window four times
    assertThat(alone.stream().map(p -> java.util.Arrays.toString(p.outputs())).distinct()).hasSize(SAMPLES);
  }

  @Test
  void aVerifierAnswersForEveryProofOfAListAndRejectsATamperedOne() {
    Proof proof = backend.proveAll(student, features, List.of(0), s -> project.resolve("verify"), ProverPool.single(2))
        .get(0);
    Path flipped = backend.tamperedCopies(proof.file(), project.resolve("verify/tampered")).get("flippedByte");

    List<Verification> answers = backend.verifyAll(student, List.of(proof.file(), flipped, proof.file()));

    assertThat(answers).extracting(Verification::verified).containsExactly(true, false, true);
    assertThat(answers.get(1).reason()).isNotBlank();
  }

  @Test
  void zkProveWithProversZeroReportsItsThroughputAndVerifiesEveryRound() {
    ZkProveStage stage = new ZkProveStage();
    ProvingReport report = ZkProveStage.readReport(stage.run(ctx).directory());

    ProvingReport.Throughput throughput = report.student().throughput();
    assertThat(report.verified()).isTrue();
    assertThat(report.student().rounds()).hasSize(SAMPLES).allSatisfy(round -> assertThat(round.verified()).isTrue());
    assertThat(throughput.proofs()).isEqualTo(SAMPLES);
    assertThat(throughput.provers()).isBetween(1, Runtime.getRuntime().availableProcessors());
    assertThat(throughput.proofsPerMinute()).isPositive();
    assertThat(throughput.plan()).contains("zk.provers 0").contains("measured");
    assertThat(report.student().proveCpu().rounds()).isEqualTo(SAMPLES);
    // the first proof alone (its peak plans the rest), the others in shares through the engine, each share's end a line
    assertThat(log.lines).anyMatch(line -> line.matches("INFO .*student proofs: 1/1, .* per minute.*"));
    assertThat(log.lines).anyMatch(line -> line.matches("INFO zk-prove: student proofs: samples-\\d+-\\d+ finished in"
        + " .* s; (\\d+)/\\1 done in .*"));
    assertThat(throughput.farm().shares()).extracting(ProvingReport.Share::firstSample).startsWith(1);
  }
}
