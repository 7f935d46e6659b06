package io.veriregime.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compute.threads: 0 under mvn -T over several experiment modules is this build's share of the cores. */
class StageRunnerTest {

  @TempDir Path dir;

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
    assertThat(effectiveOverrides("compute:\n  threads: 3\n", 2, new RecordingLog())).isEmpty();
  }
}
