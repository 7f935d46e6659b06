package io.veriregime.runtime.ezkl;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.ToolEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.zk.ZkTestSupport;
import io.veriregime.runtime.net.LoopbackProxy;
import io.veriregime.runtime.stage.Versions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The managed EZKL environment: installed once from PyPI into zk.toolsDir (through the build's
 * proxy, the wheel checked against its pinned sha256), even when two builds race, then reused; it
 * holds ezkl alone.
 */
@RunsTools
class EzklProvisionerTest {

  @TempDir
  Path project;

  @Test
  void twoRacingBuildsInstallThePinnedEzklOnceThroughTheProxyAndLaterBuildsReuseIt() throws IOException {
    Path tools = project.resolve("tools");
    Experiment experiment = ZkTestSupport.experiment(project, "ezkl:\n  toolsDir: " + tools + "\n");
    RecordingLog first = new RecordingLog();
    RecordingLog second = new RecordingLog();

    List<Ezkl> racing;
    try (LoopbackProxy proxy = LoopbackProxy.start()) {
      racing = List.of(first, second).stream()
          .map(log -> CompletableFuture.supplyAsync(() -> Ezkl.provision(experiment.ezkl(), ToolEnvironment.of(experiment, false, proxy.proxies("", ""), log))))
          .toList().stream().map(CompletableFuture::join).toList();
      assertThat(proxy.requests).contains("CONNECT pypi.org:443", "CONNECT files.pythonhosted.org:443");
    }

    assertThat(racing).extracting(Ezkl::version).containsOnly("23.0.5");
    List<String> lines = new java.util.ArrayList<>(first.lines);
    lines.addAll(second.lines);
    assertThat(lines.stream().filter(line -> line.contains("installing ezkl==23.0.5 from PyPI"))).hasSize(1)
        .allMatch(line -> line.contains(tools.resolve("23.0.5").resolve("venv").toString()));
    assertThat(tools.resolve("23.0.5/venv/veriregime-ready")).exists();
    assertThat(tools.resolve("23.0.5")).isDirectoryNotContaining(path -> path.getFileName().toString().startsWith("venv.tmp-"));
    try (Stream<Path> files = Files.walk(tools.resolve("23.0.5/venv"))) {
      assertThat(files.filter(path -> path.getParent().getFileName().toString().equals("site-packages"))
          .map(path -> path.getFileName().toString()))
          .anyMatch(name -> name.startsWith("ezkl-23.0.5"))
          .noneMatch(name -> name.matches("(pip|setuptools)(-.*)?"));
    }

    RecordingLog later = new RecordingLog();
    assertThat(Ezkl.provision(experiment.ezkl(), ToolEnvironment.of(experiment, true, Proxies.NONE, later)).version()).isEqualTo("23.0.5");
    assertThat(later.lines).noneMatch(line -> line.contains("installing"));
  }

  @Test
  void theRequirementsPinTheVersionEveryManifestRecordsByTheHashOfEachWheel() {
    String requirements = new String(EzklProvisioner.resource(EzklProvisioner.REQUIREMENTS_RESOURCE), StandardCharsets.UTF_8);

    assertThat(requirements.lines().filter(line -> !line.startsWith("#")).findFirst())
        .contains("ezkl==" + Versions.ezkl() + " \\");
    assertThat(Pattern.compile("--hash=sha256:[0-9a-f]{64}").matcher(requirements).results()).hasSize(7);
  }

  @Test
  void anOfflineBuildWithoutTheEnvironmentSaysHowToGetIt() {
    Experiment experiment = ZkTestSupport.experiment(project, "ezkl:\n  toolsDir: " + project.resolve("empty") + "\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Ezkl.provision(experiment.ezkl(), ToolEnvironment.of(experiment, true, Proxies.NONE, new RecordingLog())))
        .hasMessageContaining("is not installed at")
        .hasMessageContaining("offline")
        .hasMessageContaining("zk.ezkl.python");
  }
}
