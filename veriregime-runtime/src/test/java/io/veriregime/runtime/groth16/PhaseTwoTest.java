package io.veriregime.runtime.groth16;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentException;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.node.NodeTools;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.zk.ZkTestSupport;
import io.veriregime.runtime.stage.ToolEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second party's phase-2 contribution on the real tiny circuit ({@link TinyCircuit}) set up from the
 * development powers of tau, as a producer sets a student's up: the contribution changes both keys,
 * proofs made with the new proving key verify with the new verification key, and the producer's
 * proofs of the old key do not. A key of another circuit is refused before anything is contributed.
 */
@RunsTools
class PhaseTwoTest {

  private static final long X = 3;

  @TempDir
  static Path dir;
  static final RecordingLog log = new RecordingLog();
  static Experiment experiment;
  static Snarkjs snarkjs;
  static Path r1cs;
  static Path producerKey;
  static Path producerVk;
  static Snarkjs.ProofFiles producerProof;

  /** The producer's setup: groth16 setup, its own contribution, its verification key and a proof. */
  @BeforeAll
  static void producerSetsUp() {
    experiment = ZkTestSupport.experiment(dir, ZkTestSupport.DEV_GROTH16);
    snarkjs = new Snarkjs(NodeTools.provision(experiment.node(), ToolEnvironment.of(experiment, false, Proxies.NONE, log)));
    r1cs = TinyCircuit.writeR1cs(dir.resolve("tiny.r1cs"));
    PowersOfTau.PhaseOne phaseOne = PowersOfTau.of(experiment.groth16(), experiment.config().zk().node().toolsDir(), log).forPower(snarkjs.r1csInfo(r1cs).requiredPower(),
        snarkjs);
    Path initial = dir.resolve("tiny_0000.zkey");
    producerKey = dir.resolve("producer/circuit.zkey");
    producerVk = dir.resolve("producer/verification_key.json");
    snarkjs.groth16Setup(r1cs, phaseOne.file(), initial);
    snarkjs.zkeyContribute(initial, producerKey, "producer");
    snarkjs.exportVerificationKey(producerKey, producerVk);
    producerProof = prove(producerKey, "producer");
  }

  @Test
  void aContributionChangesTheKeysAndOnlyProofsOfTheNewKeyVerifyWithIt() throws Exception {
    PhaseTwo.Contribution contribution = PhaseTwo.contribute(experiment.groth16(), experiment.node(), r1cs, producerKey, dir.resolve("second"),
        "second party",
        ToolEnvironment.of(experiment, true, Proxies.NONE, log));

    assertThat(Files.readAllBytes(contribution.zkey())).isNotEqualTo(Files.readAllBytes(producerKey));
    assertThat(JsonFiles.readTree(contribution.verificationKey()).path("vk_delta_2"))
        .isNotEqualTo(JsonFiles.readTree(producerVk).path("vk_delta_2"));
    // the phase-1 part and the circuit's public signals stay: only δ moved
    assertThat(JsonFiles.readTree(contribution.verificationKey()).path("IC"))
        .isEqualTo(JsonFiles.readTree(producerVk).path("IC"));
    assertThat(snarkjs.zkeyVerify(r1cs, ZkTestSupport.DEV_PTAU, contribution.zkey()).passed()).isTrue();

    Snarkjs.ProofFiles newProof = prove(contribution.zkey(), "second");
    assertThat(snarkjs.groth16Verify(contribution.verificationKey(), newProof.publicFile(), newProof.proofFile())
        .passed()).isTrue();
    assertThat(snarkjs.groth16Verify(contribution.verificationKey(), producerProof.publicFile(),
        producerProof.proofFile()).passed()).isFalse();
    assertThat(snarkjs.groth16Verify(producerVk, producerProof.publicFile(), producerProof.proofFile()).passed())
        .isTrue();
    assertThat(log.lines).anyMatch(line -> line.contains("contributed to as 'second party' with fresh entropy"));
  }

  @Test
  void whatIsNotAProvingKeyOfTheCircuitIsRefusedBeforeAnythingIsContributed() {
    assertThatThrownBy(() -> PhaseTwo.contribute(experiment.groth16(), experiment.node(), r1cs, dir.resolve("missing.zkey"), dir.resolve("never"),
        "second party",
        ToolEnvironment.of(experiment, true, Proxies.NONE, log)))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("missing.zkey is not a file");
    // the verification key handed over instead of the proving key: snarkjs cannot check it against the circuit
    assertThatThrownBy(() -> PhaseTwo.contribute(experiment.groth16(), experiment.node(), r1cs, producerVk, dir.resolve("never"), "second party",
        ToolEnvironment.of(experiment, true, Proxies.NONE, log)))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("is not a proving key of " + r1cs)
        .hasMessageContaining("snarkjs zkey verify rejects it");
    assertThat(dir.resolve("never/circuit.zkey")).doesNotExist();
  }

  @Test
  void aGeneratedPowersOfTauIsRefusedNamingTheKey() {
    Experiment generated = ZkTestSupport.experiment(dir.resolve("generated"), "backend: groth16\n");

    assertThatThrownBy(() -> PhaseTwo.contribute(generated.groth16(), generated.node(), r1cs, producerKey, dir.resolve("never"), "second party",
        ToolEnvironment.of(generated, true, Proxies.NONE, log)))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("zk.groth16.ptau")
        .hasMessageContaining("set zk.groth16.ptau and zk.groth16.ptauSha256 to the file the key was made with");
  }

  private static Snarkjs.ProofFiles prove(Path zkey, String name) {
    return snarkjs.groth16Prove(zkey, TinyCircuit.writeWitness(dir.resolve(name + ".wtns"), X, TinyCircuit.output(X)),
        dir.resolve(name + "-proof.json"), dir.resolve(name + "-public.json"));
  }
}
