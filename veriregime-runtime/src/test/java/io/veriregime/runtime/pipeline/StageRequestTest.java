package io.veriregime.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.experiment.InlineExperiment;
import io.veriregime.runtime.net.Proxies;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A child JVM receives the request as arguments: everything that decides what it runs must survive the trip. */
class StageRequestTest {

  @Test
  void theCommandLineFormReadsBackAsTheSameRequest() {
    StageRequest request = new StageRequest(List.of("train-teacher"), Path.of("/p/experiment.yaml"),
        Map.of("teacher.epochs", "3"), Path.of("/p/target/veriregime"), true, false, Proxies.NONE)
        .withProvingSkipped("-DskipTests")
        .withInline(new InlineExperiment(Path.of("/p/pom.xml"), Map.of("student.hidden", "[16, 8]", "name", "a=b")));

    StageRequest back = StageRequest.parse(request.toArguments());

    assertThat(back.stages()).containsExactly("train-teacher");
    assertThat(back.overrides()).isEqualTo(request.overrides());
    assertThat(back.offline()).isTrue();
    assertThat(back.provingSkipped()).isEqualTo("-DskipTests");
    assertThat(back.inline()).isEqualTo(request.inline());
  }

  @Test
  void inlineValuesWithoutTheirSourceAreRefused() {
    assertThatThrownBy(() -> StageRequest.parse(List.of("report", "--inline", "name=x")))
        .hasMessageContaining("--inline needs --inline-source FILE");
  }

  /** A command is no stage: named among stages it is refused before any stage runs, not when the runner reaches it. */
  @Test
  void aCommandInTheStageListIsRefusedBeforeAnythingRuns() {
    assertThatThrownBy(() -> StageRequest.parse(List.of("fetch-data", "verify-proof", "--offline")))
        .hasMessageStartingWith("Unknown stage 'verify-proof' (verify-proof, sweep and contribute are commands")
        .hasMessageContaining("Stages: fetch-data, train-teacher, distill");
  }

  @Test
  void aCommandsOptionsNameNoStage() {
    StageRequest options = StageRequest.parseOptions(List.of("--output", "out", "--set", "zk.backend=groth16"));
    assertThat(options.stages()).isEmpty();
    assertThat(options.overrides()).containsEntry("zk.backend", "groth16");
    assertThatThrownBy(() -> StageRequest.parseOptions(List.of("report", "--offline")))
        .hasMessageStartingWith("Unexpected argument 'report': this command runs no stage.");
  }
}
