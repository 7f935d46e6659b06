package io.veriregime.runtime.node;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.stage.ToolEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentException;
import io.veriregime.runtime.net.LoopbackProxy;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The managed Node.js packages: installed once from npm's registry into zk.node.toolsDir
 * (through the build's proxy, every tarball checked against the lockfile), even when two builds
 * race, then reused offline; a missing or wrong Node.js, and a cold tools directory offline, stop
 * with the key to change.
 */
@RunsTools
class NodeToolsTest {

  @TempDir
  Path project;

  @Test
  void twoRacingBuildsInstallThePinnedPackagesOnceThroughTheProxyAndAnOfflineBuildReusesThem() {
    Path tools = project.resolve("tools");
    Experiment experiment = ZkTestSupport.experiment(project, "node:\n  toolsDir: " + tools + "\n");
    RecordingLog first = new RecordingLog();
    RecordingLog second = new RecordingLog();

    List<NodeTools> racing;
    try (LoopbackProxy proxy = LoopbackProxy.start()) {
      racing = List.of(first, second).stream()
          .map(log -> CompletableFuture.supplyAsync(() -> NodeTools.provision(experiment.node(), ToolEnvironment.of(experiment, false, proxy.proxies("", ""), log))))
          .toList().stream().map(CompletableFuture::join).toList();
      assertThat(proxy.requests).contains("CONNECT registry.npmjs.org:443");
    }

    assertThat(racing).extracting(tools1 -> tools1.packages().get("snarkjs")).containsOnly("0.7.6");
    List<String> lines = new ArrayList<>(first.lines);
    lines.addAll(second.lines);
    assertThat(lines.stream().filter(line -> line.contains("first use on this machine"))).hasSize(1)
        .allMatch(line -> line.contains("snarkjs 0.7.6") && line.contains("solc 0.8.37") && line.contains("@ethereumjs/vm 10.1.3")
            && line.contains(racing.get(0).home().toString()) && line.contains("npm ci --ignore-scripts"));
    Path home = racing.get(0).home();
    assertThat(home.getParent()).isEqualTo(tools);
    assertThat(home.resolve("veriregime-ready")).exists();
    assertThat(home.resolve(".npm-cache")).doesNotExist();
    assertThat(tools).isDirectoryNotContaining(path -> path.getFileName().toString().contains(".tmp-"));
    assertThat(racing.get(0).packageDir("snarkjs").resolve("build/cli.cjs")).isRegularFile();
    assertThat(racing.get(0).packageDir("solc").resolve("soljson.js")).isRegularFile(); // no compiler download later

    RecordingLog later = new RecordingLog();
    NodeTools offline = NodeTools.provision(experiment.node(), ToolEnvironment.of(experiment, true, Proxies.NONE, later));
    assertThat(offline.home()).isEqualTo(home);
    assertThat(Integer.parseInt(offline.nodeVersion().split("\\.")[0])).isGreaterThanOrEqualTo(20);
    assertThat(later.lines).noneMatch(line -> line.contains("installing"));
    NodeTools.NodeRun snarkjs = offline.runSnarkjs("snarkjs --help", List.of("--help"), project);
    assertThat(snarkjs.lines()).anyMatch(line -> line.contains("snarkjs@0.7.6"));
  }

  @Test
  void anOfflineBuildWithoutThePackagesSaysHowToGetThem() {
    Experiment experiment = ZkTestSupport.experiment(project, "node:\n  toolsDir: " + project.resolve("empty") + "\n");

    assertThatThrownBy(() -> NodeTools.provision(experiment.node(), ToolEnvironment.of(experiment, true, Proxies.NONE, new RecordingLog())))
        .hasMessageContaining("are not installed at " + project.resolve("empty"))
        .hasMessageContaining("offline")
        .hasMessageContaining("snarkjs 0.7.6");
    assertThat(project.resolve("empty")).doesNotExist();
  }

  @Test
  void aConfiguredNodeThatDoesNotExistIsNamedWithTheFix() {
    Path missing = project.resolve("no-such-node");
    Experiment experiment = ZkTestSupport.experiment(project, "node:\n  executable: " + missing + "\n  toolsDir: "
        + project.resolve("tools") + "\n");

    assertThatThrownBy(() -> NodeTools.provision(experiment.node(), ToolEnvironment.of(experiment, false, Proxies.NONE, new RecordingLog())))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("zk.node.executable")
        .hasMessageContaining("no Node.js executable at " + missing)
        .hasMessageContaining("Node.js 20 or newer");
  }

  @Test
  void aConfiguredProgramThatIsNotNodeIsRefused() throws Exception {
    Path notNode = Files.writeString(project.resolve("not-node.sh"), "#!/bin/sh\necho 'hello'\n");
    notNode.toFile().setExecutable(true);
    Experiment experiment = ZkTestSupport.experiment(project, "node:\n  executable: " + notNode + "\n");

    assertThatThrownBy(() -> NodeTools.provision(experiment.node(), ToolEnvironment.of(experiment, false, Proxies.NONE, new RecordingLog())))
        .hasMessageContaining("zk.node.executable")
        .hasMessageContaining("is not Node.js: 'node --version' printed 'hello'");
  }
}
