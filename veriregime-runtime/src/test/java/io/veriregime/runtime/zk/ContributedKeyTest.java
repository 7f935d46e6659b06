package io.veriregime.runtime.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentException;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.groth16.Groth16Backend;
import io.veriregime.runtime.groth16.PhaseTwo;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.stage.ToolEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer's side of a second party's contribution, on a real small pipeline with the Groth16
 * backend: zk-compile sets up a key of its own, a second party contributes to it, and with
 * {@code zk.groth16.zkey} zk-compile runs again with that key (checked against the circuit), whose
 * verification key is the contributor's; zk-prove's proofs verify with it. Once the student changes,
 * the contributed key is another circuit's and is refused, naming the key.
 */
@RunsTools
class ContributedKeyTest {

  private static final String ZK = """
      backend: groth16
      samples: 1
      teacher: false
      """ + ZkTestSupport.DEV_GROTH16;

  @TempDir
  Path project;
  final RecordingLog log = new RecordingLog();

  @Test
  void zkCompileUsesTheContributedKeyAndItsProofsVerifyWithTheContributorsVerificationKey() throws IOException {
    Experiment own = ZkTestSupport.experiment(project, ZK);
    StageContext ctx = ZkTestSupport.preparedContext(own, project, log);
    new ZkCompileStage().run(ctx);
    Path compiled = ctx.layout().zkCompileDir();
    PhaseTwo.Contribution contribution = PhaseTwo.contribute(own.groth16(), own.node(), compiled.resolve("circuit.r1cs"),
        compiled.resolve("circuit.zkey"), project.resolve("second"), "second party",
        ToolEnvironment.of(own, true, Proxies.NONE, log));

    Experiment contributed = withContributedKey(contribution.zkey());
    StageContext again = ZkTestSupport.context(contributed, project.resolve("target/veriregime"), log);
    new ZkCompileStage().run(again);
    new ZkProveStage().run(again);

    assertThat(compiled.resolve("circuit.zkey")).hasSameBinaryContentAs(contribution.zkey());
    assertThat(compiled.resolve("verification_key.json")).hasSameBinaryContentAs(contribution.verificationKey());
    ProvingReport proving = ZkProveStage.readReport(ctx.layout().zkProveDir());
    assertThat(proving.student().rounds()).allMatch(round -> round.verified());
    assertThat(log.lines).anyMatch(line -> line.contains("a second party's contribution to this circuit's phase 2"));

    // another student compiles to another circuit: the contributed key is not its key
    Experiment changed = ZkTestSupport.experiment(project.resolve("changed"), ZK + zkeyLines(contribution.zkey()));
    StageContext other = ZkTestSupport.context(changed, project.resolve("changed/target/veriregime"), log);
    ZkTestSupport.prepareInputs(other, 2.0);
    assertThatThrownBy(() -> new ZkCompileStage().run(other))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("zk.groth16.zkey")
        .hasMessageContaining("is not a proving key of this build's circuit")
        .hasMessageContaining("have the new circuit's key contributed to again");
  }

  @Test
  void aContributedKeyWithAnotherHashIsRefusedBeforeAnythingRuns() throws IOException {
    Path key = Files.writeString(project.resolve("contributed.zkey"), "not the key");
    Experiment experiment = ZkTestSupport.experiment(project, ZK + "  zkey: \"" + key + "\"\n  zkeySha256: "
        + "ab".repeat(32) + "\n");

    assertThatThrownBy(() -> Groth16Backend.provision(experiment.groth16(), experiment.node(), ToolEnvironment.of(experiment, true, Proxies.NONE, log)))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("zk.groth16.zkeySha256")
        .hasMessageContaining("has sha256 " + Hashing.sha256(key));
  }

  private Experiment withContributedKey(Path zkey) {
    return ZkTestSupport.experiment(project, ZK + zkeyLines(zkey), Map.of());
  }

  /** The zk.groth16 lines that name {@code zkey} (indented under ZK's groth16: block). */
  private static String zkeyLines(Path zkey) {
    return "  zkey: \"" + zkey + "\"\n  zkeySha256: " + Hashing.sha256(zkey) + "\n";
  }
}
