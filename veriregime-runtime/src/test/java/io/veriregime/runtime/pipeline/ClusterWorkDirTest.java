package io.veriregime.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.execution.Engines;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentException;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Before any share goes to a cluster's executors, the files they read and write must be on the path they all mount. */
class ClusterWorkDirTest {

  @TempDir Path project;

  @Test
  void aRemoteMastersTasksMustWriteUnderTheSharedWorkDirectory() {
    Path shared = project.resolve("shared");
    Experiment experiment = onCluster(shared);

    assertThatThrownBy(() -> Engines.requireShared(experiment, project.resolve("target/veriregime/zk/prove"), "zk-prove"))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("cluster.workDir: is " + shared + ", but zk-prove writes to")
        .hasMessageContaining("cannot see")
        .hasMessageContaining("-Dveriregime.outputDirectory=" + shared);
    assertThatCode(() -> Engines.requireShared(experiment, shared.resolve("study/target/veriregime/zk/prove"), "zk-prove"))
        .doesNotThrowAnyException();
    // this machine's engine, or an in-process master, sees every path
    assertThatCode(() -> Engines.requireShared(ZkTestSupport.experiment(project, "backend: groth16\n"),
        project.resolve("target/veriregime/zk/prove"), "zk-prove")).doesNotThrowAnyException();
  }

  @Test
  void aBuildThatProvesOnAClusterStopsBeforeItsFirstStageWhenItsOutputIsNotShared() throws Exception {
    Path shared = project.resolve("shared");
    onCluster(shared);
    Path output = Files.createDirectories(project.resolve("target/veriregime"));
    StageRequest request = new StageRequest(List.of("fetch-data", "zk-compile", "zk-prove"),
        project.resolve("experiment.yaml"), Map.of("cluster.engine", "spark", "cluster.master", "spark://10.0.0.5:7077",
        "cluster.workDir", shared.toString()), output, true, false, Proxies.NONE);

    assertThatThrownBy(() -> StageRunner.inThisJvm(StageLog.silent()).run(request))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("cluster.workDir: is " + shared + ", but zk-prove writes to " + output);
    assertThat(output.resolve("data")).as("fetch-data did not run").doesNotExist();
  }

  private Experiment onCluster(Path shared) {
    return ZkTestSupport.experiment(project, "backend: groth16\n", Map.of("cluster.engine", "spark",
        "cluster.master", "spark://10.0.0.5:7077", "cluster.workDir", shared.toString()));
  }
}
