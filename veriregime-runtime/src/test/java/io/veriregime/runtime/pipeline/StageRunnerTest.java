package io.veriregime.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runner settles before any stage runs: an output directory that is a file, or under one, is
 * named (issue 24: "check that the directory is writable"); compute.threads: 0 under mvn -T over several
 * experiment modules is this build's share of the cores.
 */
class StageRunnerTest {

  @TempDir
  Path dir;

  @Test
  void anOutputDirectoryThatIsAFileOrUnderOneIsNamed() throws IOException {
    Path experiment = Files.writeString(dir.resolve("experiment.yaml"), "data:\n  files: [data.csv]\n");
    Path file = Files.writeString(dir.resolve("target"), "not a directory");

    assertThatThrownBy(() -> run(experiment, file))
        .isExactlyInstanceOf(VeriRegimeException.class)
        .hasMessage("The output directory " + file + " is a file. Point veriregime.outputDirectory (the CLI's --output)"
            + " at a directory, or move the file away.");
    assertThatThrownBy(() -> run(experiment, file.resolve("veriregime")))
        .hasMessage("The output directory " + file.resolve("veriregime") + " cannot be made: " + file + " is a file."
            + " Point veriregime.outputDirectory (the CLI's --output) at a directory, or move the file away.");
  }

  private static void run(Path experiment, Path output) {
    StageRunner.inThisJvm(StageLog.silent()).run(new StageRequest(List.of("fetch-data"), experiment, Map.of(), output,
        true, false, Proxies.NONE));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> effectiveOverrides(String yaml, int sharingBuilds, RecordingLog log) throws IOException {
    Files.writeString(dir.resolve("data.csv"), "");
    Path experiment = Files.writeString(dir.resolve("experiment.yaml"), "data:\n  files: [data.csv]\n" + yaml);
    StageRunner.inThisJvm(log).run(new StageRequest(List.of(), experiment, Map.of(), dir.resolve("out"), true, false,
        Proxies.NONE).withSharingBuilds(sharingBuilds));
    return (Map<String, Object>) JsonFiles.read(dir.resolve("out").resolve(Experiment.EFFECTIVE_CONFIG_FILE), Map.class)
        .get("overrides");
  }

  @Test
  void allCoresAreSharedAmongTheBuildsRunningAtOnce() throws IOException {
    int cores = Runtime.getRuntime().availableProcessors();
    RecordingLog log = new RecordingLog();

    Map<String, Object> overrides = effectiveOverrides("", 2, log);

    String share = String.valueOf(Math.max(1, cores / 2));
    assertThat(overrides).containsEntry("compute.threads", share);
    assertThat(log.contains("compute.threads 0 is this build's share of the " + cores + " cores: " + share)).isTrue();
  }

  @Test
  void aBuildAloneOrAnExplicitThreadCountKeepsItsThreads() throws IOException {
    assertThat(effectiveOverrides("", 1, new RecordingLog())).isEmpty();
    assertThat(effectiveOverrides("compute:\n  threads: 1\n", 2, new RecordingLog())).isEmpty();
  }
}
