package io.veriregime.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.experiment.ExperimentException;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle packs EZKL's circuit files: with zk.backend: groth16 it says so, naming the key and what to do instead. */
class BundleBackendTest {

  @TempDir
  Path project;

  @Test
  void aGroth16BuildIsToldTheBundleIsEzklsOnly() {
    var experiment = ZkTestSupport.experiment(project, "backend: groth16\n");

    assertThatThrownBy(() -> new BundleStage().run(ZkTestSupport.context(experiment, project.resolve("target/veriregime"),
        new RecordingLog())))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("zk.backend")
        .hasMessageContaining("Groth16 bundle is not supported yet")
        .hasMessageContaining("zk.backend: ezkl");
  }
}
