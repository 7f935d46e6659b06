package io.veriregime.runtime.zk;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Before any share goes to a cluster's executors, zk-prove's files must be on the path they all mount. */
class ClusterWorkDirTest {

  @TempDir Path project;

  @Test
  void aRemoteMastersProofsMustBeWrittenUnderTheSharedWorkDirectory() {
    Path shared = project.resolve("shared");
    Experiment experiment = ZkTestSupport.experiment(project, "backend: groth16\n", Map.of("cluster.engine", "spark",
        "cluster.master", "spark://10.0.0.5:7077", "cluster.workDir", shared.toString()));

    assertThatThrownBy(() -> ProvingFarm.requireSharedWith(experiment, project.resolve("target/veriregime/zk/prove")))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("cluster.workDir: is " + shared + ", but zk-prove writes to")
        .hasMessageContaining("cannot see")
        .hasMessageContaining("-Dveriregime.outputDirectory=" + shared);
    assertThatCode(() -> ProvingFarm.requireSharedWith(experiment, shared.resolve("study/target/veriregime/zk/prove")))
        .doesNotThrowAnyException();
    // this machine's engine, or an in-process master, sees every path
    assertThatCode(() -> ProvingFarm.requireSharedWith(ZkTestSupport.experiment(project, "backend: groth16\n"),
        project.resolve("target/veriregime/zk/prove"))).doesNotThrowAnyException();
  }
}
