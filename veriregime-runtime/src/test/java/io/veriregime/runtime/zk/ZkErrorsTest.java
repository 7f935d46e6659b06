package io.veriregime.runtime.zk;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.ToolEnvironment;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentException;
import io.veriregime.runtime.ezkl.EzklBackend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes a user can make around the zk stages, each reported once with the key and the fix. */
@RunsTools
class ZkErrorsTest {

  @TempDir
  Path project;
  final RecordingLog log = new RecordingLog();

  @Test
  void anInterpreterWithoutEzklIsRejectedNamingZkPython() {
    Experiment experiment = ZkTestSupport.experiment(project, "ezkl:\n  python: /usr/bin/python3\n");

    assertThatThrownBy(() -> EzklBackend.provision(experiment.ezkl(), experiment.node(), experiment.config().compute().effectiveThreads(), ToolEnvironment.of(experiment, false, Proxies.NONE, log)))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("experiment.yaml")
        .hasMessageContaining("zk.ezkl.python")
        .hasMessageContaining("cannot import ezkl")
        .hasMessageContaining("pip install ezkl==23.0.5");
  }

  @Test
  void anExecutableThatIsNotPythonIsNotBlamedOnMemoryOrEzkl() {
    Experiment experiment = ZkTestSupport.experiment(project, "ezkl:\n  python: /bin/true\n");

    assertThatThrownBy(() -> EzklBackend.provision(experiment.ezkl(), experiment.node(), experiment.config().compute().effectiveThreads(), ToolEnvironment.of(experiment, false, Proxies.NONE, log)))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("zk.ezkl.python")
        .hasMessageContaining("/bin/true is not a usable Python interpreter")
        .hasMessageContaining("not as a Python interpreter")
        .hasMessageNotContaining("memory");
  }

  @Test
  void anSrsWithTheWrongHashIsRejectedNamingZkSrsSha256() {
    ZkTestSupport.write(project.resolve("ceremony.srs"), "not the ceremony's bytes");
    Experiment experiment = ZkTestSupport.experiment(project, """
        ezkl:
          srs: ceremony.srs
          srsSha256: 0000000000000000000000000000000000000000000000000000000000000000
        """);

    assertThatThrownBy(() -> EzklBackend.provision(experiment.ezkl(), experiment.node(), experiment.config().compute().effectiveThreads(), ToolEnvironment.of(experiment, true, Proxies.NONE, log)))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("zk.ezkl.srsSha256")
        .hasMessageContaining("ceremony.srs has sha256");
  }

  @Test
  void anSrsUrlIsNotDownloaded() {
    Experiment experiment = ZkTestSupport.experiment(project, """
        ezkl:
          srs: https://example.org/kzg17.srs
          srsSha256: 0000000000000000000000000000000000000000000000000000000000000000
        """);

    assertThatThrownBy(() -> EzklBackend.provision(experiment.ezkl(), experiment.node(), experiment.config().compute().effectiveThreads(), ToolEnvironment.of(experiment, true, Proxies.NONE, log)))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("zk.ezkl.srs")
        .hasMessageContaining("does not download");
  }

  @Test
  void provingBeforeCompilingSaysWhichGoalToRun() {
    Experiment experiment = ZkTestSupport.experiment(project, "samples: 1\n");
    StageContext ctx = ZkTestSupport.context(experiment, project.resolve("target/veriregime"), log);

    assertThatThrownBy(() -> new ZkProveStage().run(ctx))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("veriregime:zk-compile");
    assertThatThrownBy(() -> new ZkCompileStage().run(ctx))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("veriregime:fetch-data");
  }

  /**
   * The known trap: x² of large activations overflows every fixed-point scale EZKL tries (its own
   * and the lower fallback scales), and the raw "could not find any suitable parameters" becomes
   * advice about experiment.yaml.
   */
  @Test
  void aStudentWhoseSquaresOverflowGetsAdviceInsteadOfEzklsRawError() {
    Experiment experiment = ZkTestSupport.experiment(project, """
        teacher: false
        ezkl:
          calibrationSamples: 4
        """);
    StageContext ctx = ZkTestSupport.context(experiment, project.resolve("target/veriregime"), log);
    ZkTestSupport.prepareInputs(ctx, 3000.0);

    assertThatThrownBy(() -> new ZkCompileStage().run(ctx))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("student.activation")
        .hasMessageContaining("could not calibrate the student circuit")
        .hasMessageContaining("zk.ezkl.lookupSafetyMargin");
  }
}
