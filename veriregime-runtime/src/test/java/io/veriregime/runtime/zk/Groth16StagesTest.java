package io.veriregime.runtime.zk;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.testdata.Figures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zk-compile and zk-prove with {@code zk.backend: groth16} on the zk tests' tiny real project
 * (32→8→3, x², one day of BTCUSDT), set up from the shared development powers of tau: the same
 * compile.json and proving.json as EZKL's, the teacher skipped and recorded as such, the EVM
 * verifier measured. The class compiles and proves once ({@link #prepare}); its tests read the results.
 */
@RunsTools
class Groth16StagesTest {

  @TempDir
  static Path project;
  static StageContext ctx;
  static RecordingLog log = new RecordingLog();
  static StageResult compiled;
  /** The log as zk-compile left it, before zk-prove added to it. */
  static List<String> compileLines;
  static StageResult proved;

  @BeforeAll
  static void prepare() {
    Experiment experiment = ZkTestSupport.experiment(project, """
        backend: groth16
        samples: 2
        evm: true
        """ + ZkTestSupport.DEV_GROTH16);
    ctx = ZkTestSupport.preparedContext(experiment, project, log);
    compiled = new ZkCompileStage().run(ctx);
    compileLines = List.copyOf(log.lines);
    proved = new ZkProveStage().run(ctx);
  }

  @Test
  void zkCompileBuildsAndSetsUpTheStudentAndSkipsTheTeacher() {
    StageResult result = compiled;

    CompileSummary summary = ZkCompileStage.readSummary(result.directory());
    assertThat(summary.backend()).isEqualTo("groth16");
    assertThat(summary.backendVersion()).isEqualTo("0.7.6");
    assertThat(summary.teacher()).isNull();
    assertThat(summary.teacherNotCompiled()).contains("student MLPs only").contains("zk.teacher: false");
    assertThat(summary.student().rows()).isPositive();
    assertThat(summary.student().srs().secure()).isFalse();
    assertThat(summary.student().srs().file()).isEqualTo(ZkTestSupport.DEV_PTAU.toString());
    assertThat(summary.student().setup().pkBytes()).isPositive();
    assertThat(summary.student().logrowsTrials()).isNull();
    assertThat(summary.srsWarning()).startsWith("INSECURE");
    assertThat(result.directory().resolve("circuit.zkey")).isNotEmptyFile();
    assertThat(ctx.layout().zkTeacherCircuitDir().resolve("manifest.json")).doesNotExist();
    assertThat(compileLines).anyMatch(line -> line.contains("not compiling the teacher"));
  }

  @Test
  void zkProveProvesVerifiesRejectsTamperingAndMeasuresTheEvmVerifier() {
    StageResult result = proved;

    ProvingReport report = ZkProveStage.readReport(result.directory());
    assertThat(report.backend()).isEqualTo("groth16");
    assertThat(report.verified()).isTrue();
    assertThat(report.student().rounds()).hasSize(2).allSatisfy(round -> {
      assertThat(round.verified()).isTrue();
      assertThat(round.maxAbsError()).isLessThan(1e-2);
    });
    assertThat(report.student().proofBytes()).isEqualTo(256);
    assertThat(report.tamperedProofsRejected()).containsOnlyKeys("changedOutput", "changedInput", "changedProofPoint");
    assertThat(report.teacher()).isNull();
    assertThat(report.evm().onChain().accepted()).isTrue();
    assertThat(report.evm().onChain().verifyGas()).isGreaterThan(21_000);

    assertThat(new ZkProveStage().run(ctx).upToDate()).isTrue();
  }

  @Test
  void packedInputsShrinkTheEvmVerifierAndItsGasAndStillProveTheSameLogits(@TempDir Path packedProject) {
    StageContext packed = ZkTestSupport.preparedContext(ZkTestSupport.experiment(packedProject, """
        backend: groth16
        samples: 2
        evm: true
        """ + ZkTestSupport.DEV_GROTH16 + "  packInputs: true\n"), packedProject, log);

    new ZkCompileStage().run(packed);
    new ZkProveStage().run(packed);

    ProvingReport plain = ZkProveStage.readReport(ctx.layout().zkProveDir());
    ProvingReport report = ZkProveStage.readReport(packed.layout().zkProveDir());
    assertThat(report.verified()).isTrue();
    assertThat(report.tamperedProofsRejected()).containsOnlyKeys("changedOutput", "changedInput", "changedProofPoint");
    // the same student and windows (both projects are seeded alike): the same logits from fewer public signals
    assertThat(report.student().rounds()).extracting(ProvingReport.Round::circuitLogits)
        .containsExactlyElementsOf(plain.student().rounds().stream().map(ProvingReport.Round::circuitLogits).toList());
    assertThat(report.student().rows()).isGreaterThan(plain.student().rows());
    assertThat(report.evm().onChain().accepted()).isTrue();
    assertThat(report.evm().onChain().tamperedRejected()).isTrue();
    assertThat(report.evm().onChain().deployedBytes()).isLessThan(plain.evm().onChain().deployedBytes());
    assertThat(report.evm().onChain().verifyGas()).isLessThan(plain.evm().onChain().verifyGas());
    Figures.record("groth16-packed-inputs", String.format("groth16 tiny student, 32 inputs: plain %d constraints,"
            + " verifier %d B, verifyProof %d gas; packed %d constraints, verifier %d B, verifyProof %d gas", plain.student().rows(),
        plain.evm().onChain().deployedBytes(), plain.evm().onChain().verifyGas(), report.student().rows(),
        report.evm().onChain().deployedBytes(), report.evm().onChain().verifyGas()));
  }
}
