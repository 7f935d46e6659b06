package io.veriregime.runtime.groth16;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.node.Evm;
import io.veriregime.runtime.node.NodeTools;
import io.veriregime.runtime.proving.StepFigures;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.testdata.Figures;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * snarkjs on a real, tiny circuit ({@link TinyCircuit}, x³ + x + 5 = out, written by hand) set up
 * from the shared development powers of tau: setup, contribution, proof and verification, in
 * snarkjs and on the in-process EVM with snarkjs' own Solidity verifier; a proof of a claim it
 * does not prove is rejected by both.
 */
@RunsTools
class SnarkjsTest {

  private static final long X = 3;

  @TempDir
  static Path dir;
  static RecordingLog log = new RecordingLog();
  static NodeTools tools;
  static Snarkjs snarkjs;
  static Path r1cs;
  static Path zkey;
  static Path vk;
  static Snarkjs.ProofFiles proof;

  /** Provisions the tools (zk.groth16.toolsDir's default, shared with later builds) and sets the circuit up once. */
  @BeforeAll
  static void setUp() {
    Experiment experiment = ZkTestSupport.experiment(dir, ZkTestSupport.DEV_GROTH16);
    tools = NodeTools.provision(experiment, false, Proxies.NONE, log);
    snarkjs = new Snarkjs(tools);
    r1cs = TinyCircuit.writeR1cs(dir.resolve("tiny.r1cs"));
    PowersOfTau.PhaseOne phaseOne = PowersOfTau.of(experiment, log).forPower(snarkjs.r1csInfo(r1cs).requiredPower(), snarkjs);
    assertThat(phaseOne.secure()).isFalse();
    assertThat(phaseOne.warning()).startsWith("INSECURE").contains("secret is published");

    Path initial = dir.resolve("tiny_0000.zkey");
    zkey = dir.resolve("tiny.zkey");
    StepFigures setup = snarkjs.groth16Setup(r1cs, phaseOne.file(), initial);
    StepFigures contribution = snarkjs.zkeyContribute(initial, zkey, "VeriRegime test");
    assertThat(List.of(setup, contribution)).allMatch(step -> step.seconds() > 0 && step.peakMemoryBytes() > 0);
    vk = dir.resolve("verification_key.json");
    proof = snarkjs.groth16Prove(zkey, TinyCircuit.writeWitness(dir.resolve("tiny.wtns"), X, TinyCircuit.output(X)),
        dir.resolve("proof.json"), dir.resolve("public.json"));
    assertThat(snarkjs.exportVerificationKey(zkey, vk)).isEqualTo(new Snarkjs.VerificationKey("groth16", "bn128", 1));
  }

  @Test
  void r1csInfoReadsTheHandWrittenCircuit() {
    Snarkjs.R1csInfo info = snarkjs.r1csInfo(r1cs);

    assertThat(info).isEqualTo(new Snarkjs.R1csInfo("bn-128", 5, 3, 1, 0, 5, 1));
    assertThat(info.requiredPower()).isEqualTo(3); // 3 constraints + 1 output + 1 = 5 ≤ 2^3
  }

  @Test
  void aPathRelativeToTheBuildsDirectoryReachesSnarkjs() throws IOException {
    // snarkjs runs in the file's directory, so a relative path (e.g. the CLI's --output out) must reach it absolute
    Path relative = Path.of("target", "snarkjs-relative-path-test", "tiny.r1cs");
    Files.createDirectories(relative.getParent());
    Files.copy(r1cs, relative, StandardCopyOption.REPLACE_EXISTING);

    assertThat(snarkjs.r1csInfo(relative)).isEqualTo(snarkjs.r1csInfo(r1cs));
  }

  @Test
  void wtnsCheckAcceptsTheRightWitnessAndRejectsAWrongOutput() {
    Path right = TinyCircuit.writeWitness(dir.resolve("right.wtns"), X, TinyCircuit.output(X));
    Path wrong = TinyCircuit.writeWitness(dir.resolve("wrong.wtns"), X, TinyCircuit.output(X).add(BigInteger.ONE));

    assertThat(snarkjs.wtnsCheck(r1cs, right).passed()).isTrue();
    assertThat(snarkjs.wtnsCheck(r1cs, wrong).passed()).isFalse();
  }

  @Test
  void theProofVerifiesAndAChangedPublicOutputOrProofPointDoesNot() throws Exception {
    assertThat(proof.publicSignals()).containsExactly(BigInteger.valueOf(35));
    assertThat(proof.proof().protocol()).isEqualTo("groth16");
    assertThat(proof.proof().piA()).hasSize(3);
    assertThat(proof.figures().peakMemoryBytes()).isPositive();

    assertThat(snarkjs.groth16Verify(vk, proof.publicFile(), proof.proofFile()).passed()).isTrue();

    Path changedOutput = Files.writeString(dir.resolve("changed-public.json"), "[\"36\"]");
    assertThat(snarkjs.groth16Verify(vk, changedOutput, proof.proofFile()).passed()).isFalse();

    ObjectNode json = (ObjectNode) JsonFiles.readTree(proof.proofFile());
    ArrayNode piA = (ArrayNode) json.get("pi_a");
    piA.set(0, new BigInteger(piA.get(0).asText()).add(BigInteger.ONE).toString());
    Path changedPoint = dir.resolve("changed-point.proof.json");
    JsonFiles.write(changedPoint, json);
    assertThat(snarkjs.groth16Verify(vk, proof.publicFile(), changedPoint).passed()).isFalse();
  }

  @Test
  void snarkjsSolidityVerifierAcceptsTheProofOnTheEvmAndRejectsAChangedClaimOrProofPoint() {
    Path sol = dir.resolve("Groth16Verifier.sol");
    snarkjs.exportSolidityVerifier(zkey, sol);
    Snarkjs.SolidityCalldata calldata = snarkjs.exportSolidityCalldata(proof.publicFile(), proof.proofFile());
    assertThat(calldata.publicSignals()).containsExactly(BigInteger.valueOf(35));
    Evm evm = tools.evm();

    byte[] changedClaim = calldata.withPublicSignal(0, BigInteger.valueOf(36)).encodedArguments();
    Evm.Verification valid = evm.callFunction(sol, "Groth16Verifier", "verifyProof", calldata.encodedArguments(),
        List.of(changedClaim));
    Evm.Verification changed = evm.callFunction(sol, "Groth16Verifier", "verifyProof", changedClaim, List.of());
    Snarkjs.SolidityCalldata movedPoint = new Snarkjs.SolidityCalldata(
        List.of(calldata.a().get(0).add(BigInteger.ONE), calldata.a().get(1)), calldata.b(), calldata.c(), calldata.publicSignals());
    Evm.Verification forged = evm.callFunction(sol, "Groth16Verifier", "verifyProof", movedPoint.encodedArguments(),
        List.of());

    assertThat(valid.verified()).isTrue();
    assertThat(valid.reverted()).isFalse();
    assertThat(valid.deployedBytes()).isLessThanOrEqualTo(EvmVerifier.MAX_CONTRACT_BYTES);
    assertThat(valid.callGas()).isGreaterThan(21_000);
    assertThat(changed.verified()).isFalse();
    assertThat(forged.verified()).isFalse();
    assertThat(valid.tamperedAccepted()).as("the changed claim, called after the valid proof on the same contract").isZero();
    Figures.record("groth16-evm-verifier", String.format("groth16 verifier: %d bytes deployed, deployment %d gas,"
        + " verifyProof %d gas (solc %s, %s)", valid.deployedBytes(), valid.deploymentGas(), valid.callGas(), valid.solc(),
        valid.hardfork()));
  }
}
