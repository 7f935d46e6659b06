package io.veriregime.runtime.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentException;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnginesTest {

  @TempDir Path dir;

  private Experiment experiment(String yaml) throws IOException {
    Files.writeString(dir.resolve("data.csv"), "");
    return ExperimentLoader.load(Files.writeString(dir.resolve("experiment.yaml"), yaml), Map.of());
  }

  @Test
  void theDefaultIsThisMachine() throws IOException {
    try (TaskEngine engine = Engines.open(experiment("name: local-run\ndata:\n  files: [data.csv]\n"), StageLog.silent())) {
      assertThat(engine.name()).isEqualTo("local");
    }
  }

  /** The runtime's own classpath has no veriregime-spark: the user is told which dependency to add, at the key's line. */
  @Test
  void sparkWithoutItsModuleSaysWhichDependencyToAdd() throws IOException {
    Experiment experiment = experiment("name: on-spark\ndata:\n  files: [data.csv]\ncluster:\n  engine: spark\n  master: local[2]\n");

    assertThatThrownBy(() -> Engines.open(experiment, StageLog.silent()))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("experiment.yaml:5:3: cluster.engine: spark needs the module")
        .hasMessageContaining("io.veriregime:veriregime-spark, which is not on the plugin's classpath")
        .hasMessageContaining("<artifactId>veriregime-spark</artifactId>");
  }
}
