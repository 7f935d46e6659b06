package io.veriregime.runtime.groth16;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.testdata.TestData;
import io.veriregime.runtime.stage.ToolEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentException;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.node.NodeTools;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phase-1 material: a configured file is checked against its sha256 and its size; {@code generate}
 * makes a development file once per power under the tools directory, labelled insecure, and reuses
 * it while its recorded hash holds.
 */
@RunsTools
class PowersOfTauTest {

  @TempDir
  Path project;

  @Test
  void aFileWithAnotherHashIsRefusedAtItsKeyWithTheFix() {
    String wrong = "ab".repeat(32);
    Experiment experiment = ZkTestSupport.experiment(project, "groth16:\n  ptau: " + ZkTestSupport.DEV_PTAU
        + "\n  ptauSha256: " + wrong + "\n");

    assertThatThrownBy(() -> PowersOfTau.of(experiment.groth16(), experiment.config().zk().node().toolsDir(), new RecordingLog()))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("zk.groth16.ptauSha256")
        .hasMessageContaining("has sha256 " + ZkTestSupport.DEV_PTAU_SHA256 + ", not " + wrong)
        .hasMessageContaining("correct zk.groth16.ptauSha256 if you trust this file");
  }

  @Test
  void theDevelopmentFileIsReadWithItsPowerAndTooSmallForABiggerCircuit() {
    Experiment experiment = ZkTestSupport.experiment(project, ZkTestSupport.DEV_GROTH16);
    PowersOfTau ptau = PowersOfTau.of(experiment.groth16(), experiment.config().zk().node().toolsDir(), new RecordingLog());

    assertThat(PowersOfTau.Header.read(ZkTestSupport.DEV_PTAU)).isEqualTo(new PowersOfTau.Header(TestData.DEV_PTAU_POWER, true));
    int bigger = TestData.DEV_PTAU_POWER + 1;
    assertThatThrownBy(() -> ptau.forPower(bigger, null))
        .hasMessageContaining("zk.groth16.ptau")
        .hasMessageContaining("has power " + TestData.DEV_PTAU_POWER)
        .hasMessageContaining("needs power " + bigger);
  }

  @Test
  void aGeneratedFileIsMadeOncePerPowerLabelledInsecureSetsUpACircuitOfThatPowerAndIsMadeAgainWhenAltered() throws Exception {
    Path tools = project.resolve("tools");
    Experiment experiment = ZkTestSupport.experiment(project, "node:\n  toolsDir: " + tools + "\n");
    RecordingLog log = new RecordingLog();
    Snarkjs snarkjs = new Snarkjs(NodeTools.provision(experiment.node(), ToolEnvironment.of(experiment, false, Proxies.NONE, log)));
    PowersOfTau ptau = PowersOfTau.of(experiment.groth16(), experiment.config().zk().node().toolsDir(), log);

    Path r1cs = TinyCircuit.writeR1cs(project.resolve("tiny.r1cs"));
    int power = snarkjs.r1csInfo(r1cs).requiredPower();
    PowersOfTau.PhaseOne made = ptau.forPower(power, snarkjs);
    PowersOfTau.PhaseOne reused = ptau.forPower(power, snarkjs);
    snarkjs.groth16Setup(r1cs, made.file(), project.resolve("tiny.zkey")); // the smallest power that holds it is enough

    assertThat(made.file()).isEqualTo(tools.resolve("ptau/dev-insecure-pot3.ptau"));
    assertThat(made.secure()).isFalse();
    assertThat(made.warning()).startsWith("INSECURE");
    assertThat(made.generation()).isNotNull();
    assertThat(made.sha256()).isEqualTo(Hashing.sha256(made.file()))
        .isEqualTo(Files.readString(tools.resolve("ptau/dev-insecure-pot3.ptau.sha256")).trim());
    assertThat(PowersOfTau.Header.read(made.file())).isEqualTo(new PowersOfTau.Header(3, true));
    assertThat(reused.generation()).isNull();
    assertThat(reused.sha256()).isEqualTo(made.sha256());
    assertThat(log.lines).anyMatch(line -> line.startsWith("WARN reusing the development powers of tau of power 3")
        && line.contains("INSECURE"));
    assertThat(tools.resolve("ptau")).isDirectoryNotContaining(path -> path.getFileName().toString().endsWith(".new")
        || path.getFileName().toString().endsWith(".contributed"));

    Files.write(made.file(), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
    PowersOfTau.PhaseOne again = ptau.forPower(power, snarkjs);
    assertThat(again.generation()).isNotNull();
    assertThat(log.lines).anyMatch(line -> line.contains("not the " + made.sha256() + " recorded"));
  }
}
