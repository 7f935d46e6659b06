package io.veriregime.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.stage.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  /** mvn -T runs modules on threads of one JVM: their reports append one after another, never failing. */
  @Test
  void modulesOnThreadsOfOneJvmAppendWholeSummariesOneAtATime() throws Exception {
    Path step = dir.resolve("step_summary");
    List<Path> summaries = new ArrayList<>();
    for (int module = 0; module < 4; module++) {
      summaries.add(Files.writeString(dir.resolve("summary-" + module + ".md"), ("module " + module + "\n").repeat(2000)));
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> appends = new ArrayList<>();
      for (int round = 0; round < 10; round++) {
        for (Path summary : summaries) {
          appends.add(threads.submit(() -> StepSummary.append(summary, Map.of(StepSummary.VARIABLE, step.toString()),
              "report", new RecordingLog())));
        }
      }
      for (Future<?> append : appends) {
        append.get(); // an OverlappingFileLockException would surface here
      }
    } finally {
      threads.shutdownNow();
    }
    String text = Files.readString(step);
    for (int module = 0; module < 4; module++) {
      // each summary arrives whole: its 2,000 lines in one run, ten times
      assertThat(text.split(("module " + module + "\n").repeat(2000), -1)).hasSize(11);
    }
  }

  @Test
  void withoutTheVariableNothingIsWritten() throws IOException {
    Path summary = Files.writeString(dir.resolve("summary.md"), "x");
    StepSummary.append(summary, Map.of(), "report", new RecordingLog());
    assertThat(dir.toFile().list()).containsExactly("summary.md");
  }
}
