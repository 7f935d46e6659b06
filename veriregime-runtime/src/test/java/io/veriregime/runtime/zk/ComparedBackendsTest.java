package io.veriregime.runtime.zk;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageManifest;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.testdata.TestFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zk.backends: [groth16, ezkl]} on the zk tests' tiny real project: the primary backend
 * (Groth16) in zk/compile and zk/prove, EZKL compiled and proved beside it as a unit of its own,
 * and the primary unit left alone when the compared backends change. (The report's side-by-side
 * view is ReportStageTest's.) The class compiles and proves once ({@link #prepare}); a test that runs the
 * stages with other backends does so on a copy of its own.
 */
@RunsTools
class ComparedBackendsTest {

  @TempDir
  static Path project;
  static StageContext ctx;
  static RecordingLog log = new RecordingLog();
  static StageResult compiled;
  static StageResult proved;

  @BeforeAll
  static void prepare() {
    ctx = ZkTestSupport.preparedContext(experiment(project, "[groth16, ezkl]"), project, log);
    compiled = new ZkCompileStage().run(ctx);
    proved = new ZkProveStage().run(ctx);
  }

  private static Experiment experiment(Path dir, String backends) {
    return ZkTestSupport.experiment(dir, """
        backends: %s
        samples: 1
        teacher: false
        ezkl:
          maxLogrows: 12
          logrowsTrials: 0
        """.formatted(backends) + ZkTestSupport.DEV_GROTH16, Map.of("gates.skip", "true"));
  }

  @Test
  void eachBackendCompilesTheSameStudentIntoAUnitOfItsOwn() {
    StageResult result = compiled;

    assertThat(result.directory()).isEqualTo(ctx.layout().zkCompileDir());
    assertThat(ZkCompileStage.readSummary(ctx.layout().zkCompileDir()).backend()).isEqualTo("groth16");
    Path ezkl = ctx.layout().comparedCompileDir("ezkl");
    assertThat(ZkCompileStage.readSummary(ezkl).backend()).isEqualTo("ezkl");
    assertThat(manifest(ezkl).stage()).isEqualTo(ZkCompileStage.NAME);
    assertThat(manifest(ezkl).tools()).containsKey("ezkl").doesNotContainKey("groth16");
    assertThat(manifest(ctx.layout().zkCompileDir()).tools()).containsKey("groth16").doesNotContainKey("ezkl");
    assertThat(log.lines).anyMatch(line -> line.contains("compiling the student with ezkl too"));
    assertThat(new ZkCompileStage().run(ctx).upToDate()).isTrue();
  }

  @Test
  void eachBackendProvesItsOwnCircuitOfTheSameStudent() {
    assertThat(proved.upToDate()).isFalse();

    ProvingReport primary = ZkProveStage.readReport(ctx.layout().zkProveDir());
    ProvingReport compared = ZkProveStage.readReport(ctx.layout().comparedProveDir("ezkl"));
    assertThat(primary.backend()).isEqualTo("groth16");
    assertThat(compared.backend()).isEqualTo("ezkl");
    assertThat(primary.verified()).isTrue();
    assertThat(compared.verified()).isTrue();
    assertThat(compared.tamperedProofsRejected()).isNotEmpty();
    // the same student and windows: both circuits agree with the float model on the same sample
    assertThat(compared.student().rounds().get(0).floatLogits())
        .containsExactly(primary.student().rounds().get(0).floatLogits());
    assertThat(new ZkProveStage().run(ctx).upToDate()).isTrue();
  }

  @Test
  void droppingTheComparedBackendLeavesThePrimaryUnitsUpToDate(@TempDir Path copy) {
    StageContext groth16Alone = copyOfTheProject(copy, "[groth16]");

    assertThat(new ZkCompileStage().run(groth16Alone).upToDate()).isTrue();
    assertThat(new ZkProveStage().run(groth16Alone).upToDate()).isTrue();
  }

  @Test
  void reorderingTheBackendsWithoutCompilingAgainIsRefusedBeforeProving(@TempDir Path copy) {
    StageContext reordered = copyOfTheProject(copy, "[ezkl, groth16]");

    assertThatThrownBy(() -> new ZkProveStage().run(reordered))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("holds the circuit zk-compile made with groth16, but this unit proves with ezkl")
        .hasMessageContaining("Run zk-compile before zk-prove");
  }

  /** The class's project copied to {@code dir} (its outputs, and its experiment with {@code zk.backends: backends}). */
  private static StageContext copyOfTheProject(Path dir, String backends) {
    Path outputs = dir.resolve("target/veriregime");
    TestFiles.copyTree(ctx.layout().root(), outputs);
    return ZkTestSupport.context(experiment(dir, backends), outputs, log);
  }

  private static StageManifest manifest(Path dir) {
    return JsonFiles.read(dir.resolve(StageWorkspace.MANIFEST), StageManifest.class);
  }
}
