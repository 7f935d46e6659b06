package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.testdata.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM outlives nothing: when the build that started it is killed with SIGKILL (no shutdown
 * hook runs), the training child stops by itself, and the stage it was running is left untrusted
 * (no manifest), so the next build runs it again.
 */
@RunsTools
class ChildMainTest {

  private static final Path JANUARY = TestData.JANUARY_2024;
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void aChildWhoseBuildWasKilledStopsAndLeavesItsStageUntrusted() throws Exception {
    Path yaml = Files.writeString(dir.resolve("experiment.yaml"), "compute:\n  threads: 1\n  heap: 512m\ndata:\n"
        + "  files: [\"" + JANUARY + "\"]\n  start: 2024-01-01\n  end: 2024-01-01\n  window: 8\n"
        + "teacher:\n  epochs: 1000\n  patience: 1000\n");
    Path output = dir.resolve("out");
    new DataStage().run(new StageContext(ExperimentLoader.load(yaml, Map.of()), Layout.at(output), true, Proxies.NONE,
        false, new RecordingLog()));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String child = String.join(" ", java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        ChildMain.class.getName(), "train-teacher", "--experiment", yaml.toString(), "--output", output.toString(),
        "--offline");
    // a shell stands in for Maven: the child JVM's parent, killed without a chance to clean up
    Process build = new ProcessBuilder("sh", "-c", child + " > " + dir.resolve("child.log") + " 2>&1 & wait").start();
    ProcessHandle trainer = null;
    try {
      trainer = awaitTrainingStarted(build.toHandle(), output.resolve("teacher"));

      build.toHandle().destroyForcibly();

      assertThat(trainer.onExit().completeOnTimeout(null, PATIENCE.toSeconds(), TimeUnit.SECONDS)
          .get()).as("the orphaned child JVM stops; its log:%n%s", Files.readString(dir.resolve("child.log"))).isNotNull();
      assertThat(output.resolve("teacher").resolve(StageWorkspace.MANIFEST)).doesNotExist();
    } finally {
      if (trainer != null) {
        trainer.destroyForcibly();
      }
      build.destroyForcibly();
    }
  }

  /** The child JVM, once it has begun the stage (its directory exists: the manifest is gone, training runs). */
  private static ProcessHandle awaitTrainingStarted(ProcessHandle shell, Path stageDir) throws InterruptedException, IOException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      List<ProcessHandle> children = shell.children().toList();
      Optional<ProcessHandle> jvm = children.stream().filter(ProcessHandle::isAlive).findFirst();
      if (jvm.isPresent() && Files.isDirectory(stageDir)) {
        return jvm.get();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the child JVM did not start training within " + PATIENCE.toSeconds() + " s");
  }
}
