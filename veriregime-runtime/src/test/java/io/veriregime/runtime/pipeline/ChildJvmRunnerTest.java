package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.testdata.TestData;
import io.veriregime.runtime.net.Proxies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage run in a real child JVM: its log comes back at its level, its failure as the same message. */
@RunsTools
class ChildJvmRunnerTest {

  private static final Path JANUARY = TestData.JANUARY_2024;

  @TempDir Path dir;

  private final ChildJvmRunner runner = new ChildJvmRunner(
      Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList());

  private StageRequest request(String stage) throws IOException {
    Path yaml = Files.writeString(dir.resolve("experiment.yaml"),
        "name: child\ncompute:\n  heap: 512m\n  threads: 1\ndata:\n  files: [\"" + JANUARY + "\"]\n"
            + "  start: 2024-01-01\n  end: 2024-01-01\n  window: 8\n");
    return new StageRequest(List.of(stage), yaml, Map.of("data.horizon", "3"), dir.resolve("out"), true, false, Proxies.NONE);
  }

  private StageResult runInChild(String stage, RecordingLog log) throws IOException {
    StageRequest request = request(stage);
    StageContext ctx = new StageContext(ExperimentLoader.load(request.experimentFile(), request.overrides()),
        Layout.at(request.outputRoot()), true, Proxies.NONE, false, log);
    return runner.run(stage, ctx, request);
  }

  @Test
  void runsTheStageInAChildAndReadsBackItsResult() throws IOException {
    RecordingLog log = new RecordingLog();
    StageResult result = runInChild("fetch-data", log);

    assertThat(result.upToDate()).isFalse();
    assertThat(result.directory()).isEqualTo(dir.resolve("out/data").toAbsolutePath());
    assertThat(result.manifest().stage()).isEqualTo("fetch-data");
    assertThat(log.lines).anyMatch(line -> line.startsWith("INFO fetch-data: ") && line.contains("windows"));
    // the override travelled to the child
    assertThat(Files.readString(dir.resolve("out/data/dataset.json"))).contains("\"horizon\" : 3");

    StageResult again = runInChild("fetch-data", new RecordingLog());
    assertThat(again.upToDate()).isTrue();
  }

  @Test
  void aHeapTheMachineCannotGiveIsNamedWithTheChildsOwnWords() throws IOException {
    StageRequest request = request("fetch-data");
    StageRequest hungry = new StageRequest(request.stages(), request.experimentFile(), Map.of("compute.heap", "99999g"),
        request.outputRoot(), true, false, Proxies.NONE);
    StageContext ctx = new StageContext(ExperimentLoader.load(hungry.experimentFile(), hungry.overrides()),
        Layout.at(hungry.outputRoot()), true, Proxies.NONE, false, new RecordingLog());

    assertThatThrownBy(() -> runner.run("fetch-data", ctx, hungry))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("could not start with compute.heap = 99999g")
        .hasMessageContaining("Could not reserve enough space")
        .hasMessageContaining("Lower compute.heap")
        .hasMessageNotContaining("raise compute.heap");
  }

  @Test
  void aUserErrorInTheChildFailsWithTheChildsMessage() throws IOException {
    // train-teacher before fetch-data: the child stops with a message, not a stack trace
    assertThatThrownBy(() -> runInChild("train-teacher", new RecordingLog()))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("fetch-data");
  }
}
