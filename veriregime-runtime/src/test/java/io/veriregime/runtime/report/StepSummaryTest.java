package io.veriregime.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.stage.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GITHUB_STEP_SUMMARY gets the summary appended, after what earlier steps wrote; unset, nothing happens. */
class StepSummaryTest {

  @TempDir Path dir;

  @Test
  void appendsToTheFileTheVariableNames() throws IOException {
    Path summary = Files.writeString(dir.resolve("summary.md"), "## VeriRegime: 9 of 9 gates passed\n");
    Path step = Files.writeString(dir.resolve("step_summary"), "earlier step\n");
    RecordingLog log = new RecordingLog();

    StepSummary.append(summary, Map.of(StepSummary.VARIABLE, step.toString()), "report", log);
    StepSummary.append(summary, Map.of(StepSummary.VARIABLE, step.toString()), "report", log);

    assertThat(Files.readString(step)).isEqualTo("earlier step\n## VeriRegime: 9 of 9 gates passed\n\n"
        + "## VeriRegime: 9 of 9 gates passed\n\n");
    assertThat(log.contains("report: appended summary.md to GITHUB_STEP_SUMMARY")).isTrue();
  }

  @Test
  void withoutTheVariableNothingIsWritten() throws IOException {
    Path summary = Files.writeString(dir.resolve("summary.md"), "x");
    StepSummary.append(summary, Map.of(), "report", new RecordingLog());
    assertThat(dir.toFile().list()).containsExactly("summary.md");
  }
}
