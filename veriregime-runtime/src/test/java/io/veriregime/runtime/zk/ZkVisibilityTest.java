package io.veriregime.runtime.zk;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every accepted visibility of the circuit's inputs, outputs and parameters, each in at least one
 * real compile and proof of the tiny student (the values EZKL cannot prove with are refused when
 * the experiment is loaded: ExperimentLoaderTest): the proofs verify, and every tampering that still
 * means something is rejected (with private outputs there is no public output to change).
 */
@RunsTools
class ZkVisibilityTest {

  @TempDir Path project;

  @ParameterizedTest(name = "input {0}, output {1}, params {2}")
  @CsvSource({
      "private, private, fixed",
      "hashed, hashed, private",
      "public, public, hashed",
  })
  void provesAndRejectsTamperingWithEveryVisibility(String input, String output, String params) {
    Experiment experiment = ZkTestSupport.experiment(project, """
        samples: 1
        teacher: false
        ezkl:
          calibrationSamples: 4
          maxLogrows: 12
          inputVisibility: %s
          outputVisibility: %s
          paramVisibility: %s
        """.formatted(input, output, params));
    StageContext ctx = ZkTestSupport.preparedContext(experiment, project, new RecordingLog());

    new ZkCompileStage().run(ctx);
    new ZkProveStage().run(ctx);

    ProvingReport report = JsonFiles.read(ctx.layout().zkProveDir().resolve("proving.json"), ProvingReport.class);
    assertThat(report.verified()).isTrue();
    // by default the keys zk-compile made are used as they are: no round repeats the setup
    assertThat(report.student().setup().rounds()).isEqualTo(1);
    assertThat(report.student().rounds()).allMatch(round -> round.setupSeconds() == null);
    assertThat(report.tamperedProofsRejected()).containsKey("flippedByte");
    if (output.equals("public")) {
      assertThat(report.tamperedProofsRejected()).containsKey("changedOutput");
    }
  }
}
