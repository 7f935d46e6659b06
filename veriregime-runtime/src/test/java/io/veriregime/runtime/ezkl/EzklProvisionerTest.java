package io.veriregime.runtime.ezkl;

import io.veriregime.runtime.stage.RecordingLog;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The managed EZKL environment: installed once from PyPI into zk.toolsDir, even when two builds race, then reused. */
class EzklProvisionerTest {

  @TempDir
  Path project;

  @Test
  void twoRacingBuildsInstallThePinnedEzklOnceAndLaterBuildsReuseIt() {
    Path tools = project.resolve("tools");
    Experiment experiment = ZkTestSupport.experiment(project, "ezkl:\n  toolsDir: " + tools + "\n");
    RecordingLog first = new RecordingLog();
    RecordingLog second = new RecordingLog();

    List<Ezkl> racing = List.of(first, second).stream()
        .map(log -> CompletableFuture.supplyAsync(() -> Ezkl.provision(experiment, false, log)))
        .toList().stream().map(CompletableFuture::join).toList();

    assertThat(racing).extracting(Ezkl::version).containsOnly("23.0.5");
    List<String> lines = new java.util.ArrayList<>(first.lines);
    lines.addAll(second.lines);
    assertThat(lines.stream().filter(line -> line.contains("installing ezkl==23.0.5 from PyPI"))).hasSize(1)
        .allMatch(line -> line.contains(tools.resolve("23.0.5").resolve("venv").toString()));
    assertThat(tools.resolve("23.0.5/venv/veriregime-ready")).exists();
    assertThat(tools.resolve("23.0.5")).isDirectoryNotContaining(path -> path.getFileName().toString().startsWith("venv.tmp-"));

    RecordingLog later = new RecordingLog();
    assertThat(Ezkl.provision(experiment, true, later).version()).isEqualTo("23.0.5");
    assertThat(later.lines).noneMatch(line -> line.contains("installing"));
  }

  @Test
  void anOfflineBuildWithoutTheEnvironmentSaysHowToGetIt() {
    Experiment experiment = ZkTestSupport.experiment(project, "ezkl:\n  toolsDir: " + project.resolve("empty") + "\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ezkl.provision(experiment, true, new RecordingLog()))
        .hasMessageContaining("is not installed at")
        .hasMessageContaining("offline")
        .hasMessageContaining("zk.ezkl.python");
  }
}
