package io.veriregime.runtime.groth16;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.circuit.FixedPointOptions;
import io.veriregime.runtime.circuit.StudentCircuit;
import io.veriregime.runtime.circuit.Witness;
import io.veriregime.runtime.circuit.WtnsFile;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.proving.KeySetup;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.SetupMaterial;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.testdata.Figures;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Groth16 backend end to end on a real, small student (32→8→3, x², seeded) over real klines
 * (the zk tests' project: one day of BTCUSDT, 4-minute windows), set up from the shared development
 * powers of tau: compile, setup, two proofs, verification, exact agreement with the fixed-point
 * reference, rejection of tampered proofs and wrong witnesses, and snarkjs' Solidity verifier on the EVM.
 */
@RunsTools
class Groth16BackendTest {

  @TempDir
  static Path project;
  static RecordingLog log = new RecordingLog();
  static Experiment experiment;
  static Groth16Backend backend;
  static Path studentDir;
  static Npy.FloatArray validation;
  static Npy.FloatArray test;
  static CompiledCircuit circuit;
  static SetupMaterial material;
  static KeySetup keys;
  static List<Proof> proofs;
  static double proveWallSeconds;

  @BeforeAll
  static void compileSetUpAndProve() {
    experiment = ZkTestSupport.experiment(project, "backend: groth16\nteacher: false\n" + ZkTestSupport.DEV_GROTH16);
    StageContext ctx = ZkTestSupport.preparedContext(experiment, project, log);
    studentDir = ctx.layout().distilledStudent();
    validation = Npy.readFloat(ctx.layout().features("validation"));
    test = Npy.readFloat(ctx.layout().features("test"));
    backend = Groth16Backend.provision(experiment, false, Proxies.NONE, log);

    circuit = backend.compile("student", studentDir, null, validation, project.resolve("circuit"), "student");
    material = backend.prepareSetupMaterial(circuit);
    keys = backend.setup(circuit, circuit.dir());
    long started = System.nanoTime();
    proofs = backend.proveAll(circuit, test, List.of(0, 1), sample -> project.resolve("sample-" + sample),
        ProverPool.single(2));
    proveWallSeconds = (System.nanoTime() - started) / 1e9;
  }

  @Test
  void theCompilerOptionsComeFromZkGroth16AndDefaultToFixedPointOptionsDefault(@TempDir Path defaults,
                                                                              @TempDir Path set) {
    assertThat(Groth16Backend.options(ZkTestSupport.experiment(defaults, "backend: groth16\n")))
        .isEqualTo(FixedPointOptions.DEFAULT);
    assertThat(Groth16Backend.options(ZkTestSupport.experiment(set,
        "groth16:\n  fractionBits: 10\n  headroomBits: 3\n  packInputs: true\n")))
        .isEqualTo(new FixedPointOptions(10, 3, true));
  }

  @Test
  void theCircuitCostsItsConstraintsAndThePowerOfTauTheyNeed() {
    assertThat(circuit.cost().rows()).isPositive();
    assertThat(1L << circuit.cost().logrows()).isGreaterThan(circuit.cost().rows());
    assertThat(1L << (circuit.cost().logrows() - 1)).isLessThanOrEqualTo(circuit.cost().rows() + 3 + 32 + 1);
    // in its own terms: constraints, no one weight scale, the one hidden (x²) layer's range-check width
    assertThat(circuit.cost().rowsAre()).isEqualTo(CircuitCost.CONSTRAINTS);
    assertThat(circuit.cost().paramScale()).isNull();
    assertThat(circuit.cost().layerBits()).singleElement()
        .satisfies(layer -> assertThat(layer.type()).isEqualTo("square"))
        .satisfies(layer -> assertThat(layer.bits()).isPositive());
    for (String file : new String[] {Groth16Backend.R1CS, Groth16Backend.CONSTRAINTS, Groth16Backend.CALIBRATION,
        "model/model.json", Groth16Backend.ZKEY, Groth16Backend.VK}) {
      assertThat(circuit.dir().resolve(file)).isNotEmptyFile();
    }
    assertThat(circuit.dir().resolve("circuit_0000.zkey")).doesNotExist();
    assertThat(keys.pkBytes()).isGreaterThan(keys.vkBytes()).isGreaterThan(0);
  }

  @Test
  void theDevelopmentPowersOfTauAreLabelledInsecureAndRecordedAsConfigured() {
    assertThat(material.kind()).isEqualTo("file");
    assertThat(material.file()).isEqualTo(ZkTestSupport.DEV_PTAU.toString());
    assertThat(material.sha256()).isEqualTo(ZkTestSupport.DEV_PTAU_SHA256);
    assertThat(material.secure()).isFalse();
    assertThat(material.warning()).startsWith("INSECURE");
  }

  @Test
  void proofsVerifyAndProveExactlyTheFixedPointReference() {
    StudentCircuit reference = StudentCircuit.compile(studentDir, FixedPointOptions.DEFAULT, validation);
    for (int sample = 0; sample < 2; sample++) {
      assertThat(proofs.get(sample).outputs()).containsExactly(reference.fixedPoint().infer(window(sample)).floatLogits());
      assertThat(proofs.get(sample).file()).isEqualTo(project.resolve("sample-" + sample).resolve("proof.json"));
    }
    List<Verification> verifications = backend.verifyAll(circuit, proofs.stream().map(Proof::file).toList());
    assertThat(verifications).extracting(Verification::verified).containsExactly(true, true);
    assertThat(proofs.get(0).proofBytes()).isEqualTo(256);
  }

  @Test
  void aBackendOfAnotherBuildProvesWithTheCircuitZkCompileKept() {
    Groth16Backend another = Groth16Backend.provision(experiment, true, Proxies.NONE, log);
    Proof proof = another.proveAll(circuit, test, List.of(2), sample -> project.resolve("rebuilt-" + sample),
        ProverPool.single(1)).get(0);

    assertThat(proof.outputs()).containsExactly(StudentCircuit.compile(studentDir, FixedPointOptions.DEFAULT, validation)
        .fixedPoint().infer(window(2)).floatLogits());
    assertThat(another.verify(circuit, proof.file()).verified()).isTrue();
  }

  @Test
  void tamperedCopiesAreRejected() {
    Map<String, Path> tampered = backend.tamperedCopies(proofs.get(0).file(), project.resolve("tamper"));

    assertThat(tampered).containsOnlyKeys("changedOutput", "changedInput", "changedProofPoint");
    assertThat(backend.verifyAll(circuit, List.copyOf(tampered.values())))
        .allSatisfy(verification -> {
          assertThat(verification.verified()).isFalse();
          assertThat(verification.reason()).contains("invalid proof");
        });
  }

  @Test
  void wtnsCheckAcceptsTheHonestWitnessAndRejectsAChangedOutput() {
    Path r1cs = circuit.dir().resolve(Groth16Backend.R1CS);
    Witness honest = StudentCircuit.compile(studentDir, FixedPointOptions.DEFAULT, validation).witness(window(0));
    BigInteger[] wires = honest.wires().clone();
    wires[1] = wires[1].add(BigInteger.ONE); // wire 1 is the first output
    Path wrong = project.resolve("wrong.wtns");
    WtnsFile.write(new Witness(wires, honest.logits(), honest.floatLogits()), wrong);

    assertThat(backend.snarkjs().wtnsCheck(r1cs, project.resolve("sample-0").resolve(Groth16Backend.WITNESS)).passed())
        .isTrue();
    assertThat(backend.snarkjs().wtnsCheck(r1cs, wrong).passed()).isFalse();
  }

  @Test
  void theSolidityVerifierAcceptsTheProofOnTheEvmAndRejectsAChangedOutputOrInput() {
    Path evmDir = project.resolve("evm");
    EvmVerifier verifier = backend.evmVerifier(circuit, evmDir, proofs.get(0).file());
    assertThat(verifier.onChain().accepted()).isTrue();
    assertThat(verifier.onChain().verifyGas()).isGreaterThan(21_000);
    assertThat(evmDir.resolve(Groth16Backend.CALLDATA)).isNotEmptyFile();
    // the same contract was called with the first output and the last input changed, and rejected both (else evmVerifier throws)
    assertThat(verifier.onChain().tamperedRejected()).isTrue();
    Figures.record("groth16-student", String.format("groth16 student: %d constraints, 2^%d; setup %.2f s (%.2f CPU s);"
            + " zkey %,d B, vk %,d B; prove %s s wall, %s CPU s; 2 proofs %.2f s; proof %d B; verifier %,d B deployed,"
            + " deploy %,d gas, verifyProof %,d gas", circuit.cost().rows(), circuit.cost().logrows(), keys.figures().seconds(),
        keys.figures().cpuSeconds(), keys.pkBytes(), keys.vkBytes(),
        proofs.stream().map(p -> String.format("%.2f", p.prove().seconds())).toList(),
        proofs.stream().map(p -> String.format("%.2f", p.prove().cpuSeconds())).toList(), proveWallSeconds,
        proofs.get(0).proofBytes(), verifier.onChain().deployedBytes(), verifier.onChain().deploymentGas(),
        verifier.onChain().verifyGas()));
  }

  @Test
  void declinesLogrowsTrials() {
    assertThatThrownBy(() -> backend.resize(circuit, null, circuit.cost().logrows() - 1, project.resolve("resized")))
        .isInstanceOf(VeriRegimeException.class).hasMessageContaining("zk.ezkl.logrowsTrials applies to zk.backend: ezkl only");
    assertThat(Files.exists(project.resolve("resized"))).isFalse();
  }

  private static float[] window(int sample) {
    float[] window = new float[test.rowSize()];
    System.arraycopy(test.data(), sample * window.length, window, 0, window.length);
    return window;
  }
}
