package io.veriregime.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Groth16 bundles of two real small pipelines (the same student shape, weights scaled 1 and 2), then
 * each bundle with the other model's files put in and every hash recomputed to be consistent (what
 * replacing files in a repository gives). The consumer compiles the circuit again from the bundled
 * student, sets the key's phase-1 part up again from the powers of tau the bundle records (its own copy,
 * by sha256), and checks each proof's public signals against its sample: each mix is refused, naming
 * what belongs to another model. Before this the consumer reported their proofs verified.
 */
@RunsTools
class MixedModelGroth16BundleTest {

  private static final String ZK = """
      backend: groth16
      samples: 2
      teacher: false
      """ + ZkTestSupport.DEV_GROTH16;
  private static final String VK = "circuit/verification_key.json";
  private static final String R1CS = "circuit/circuit.r1cs";

  @TempDir
  static Path project;
  static final RecordingLog log = new RecordingLog();
  static Path bundle;
  static Path other;
  /** A consumer with its own copy of the powers of tau the producers used. */
  static BundleVerifier consumer;

  @BeforeAll
  static void twoBundles() {
    bundle = MixedBundles.bundle(project, "a", ZK, 1.0, log);
    other = MixedBundles.bundle(project, "b", ZK, 2.0, log);
    consumer = new BundleVerifier(ZkTestSupport.experiment(project.resolve("consumer"), ZkTestSupport.DEV_GROTH16),
        true, Proxies.NONE, log);
  }

  @Test
  void theHonestBundleIsBoundToItsModelAndEachProofToItsSample() throws IOException {
    assertThat(entries(bundle)).contains("circuit/model/model.json", "circuit/calibration.npy", R1CS,
        "proofs/sample-0/input.json");

    assertThat(consumer.verifyBundle(bundle, project.resolve("verify")).proofs()).isEqualTo(2);
    assertThat(log.lines).anyMatch(line -> line.contains("checked against the bundled model: model/ compiled again to"
            + " circuit.r1cs byte for byte; verification_key.json's α, β, γ and IC set up again from it with "))
        .noneMatch(line -> line.contains("which sample each proof"));
  }

  @Test
  void aConsumerWithoutThePowersOfTauSaysWhatItDidNotCheck() {
    BundleVerifier without = new BundleVerifier(ExperimentLoader.loadOrDefaults(
        project.resolve("plain/experiment.yaml"), Map.of()), true, Proxies.NONE, log);

    assertThat(without.verifyBundle(bundle, project.resolve("verify")).proofs()).isEqualTo(2);
    assertThat(log.lines).anyMatch(line -> line.contains("its phase-1 part (α, β, γ, IC) is not checked: this build"
        + " does not have the powers of tau it was made from"));
  }

  @Test
  void aVerificationKeyOfAnotherModelIsRefusedNamingTheModelAndTheKey() throws IOException {
    Path mixed = withEntriesOf(other, bundle, project.resolve("other-vk.zip"), VK);

    assertThatThrownBy(() -> consumer.verifyBundle(mixed, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("model/student.onnx and circuit/: verification_key.json is not the verification key of"
            + " the bundled model's circuit with the powers of tau it records (IC differ")
        .hasMessageContaining("the keys and proofs are of another model")
        .hasMessageNotContaining("differs from the file the bundle was built with");
  }

  @Test
  void aCircuitWithTheKeysAndProofsOfAnotherModelIsRefusedNamingTheConstraintSystem() throws IOException {
    Path mixed = withEntriesOf(other, bundle, project.resolve("other-circuit.zip"), R1CS, VK,
        "proofs/sample-0/proof.json", "proofs/sample-1/proof.json");

    assertThatThrownBy(() -> consumer.verifyBundle(mixed, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("circuit.r1cs is not the constraint system of the bundled model model/ (compiled again it"
            + " differs): the circuit, keys and proofs are of another model")
        .hasMessageContaining("proofs/sample-0/proof.json is not a proof of test sample 0");
  }

  @Test
  void aStudentOfAnotherModelWithThisBundlesCircuitIsRefused() throws IOException {
    Map<String, String> student = new TreeMap<>();
    entries(other).stream().filter(entry -> entry.startsWith("circuit/model/")).forEach(entry -> student.put(entry, entry));
    Path mixed = MixedBundles.withEntriesOf(other, bundle, project.resolve("other-student.zip"), student);

    assertThatThrownBy(() -> consumer.verifyBundle(mixed, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("model/student.onnx and circuit/: ")
        .hasMessageContaining("of another model")
        .hasMessageNotContaining("differs from the file the bundle was built with");
  }

  @Test
  void aProofFiledUnderAnotherSampleIsRefusedNamingItsOwnSample() throws IOException {
    Path swapped = MixedBundles.withEntriesOf(bundle, bundle, project.resolve("swapped.zip"), Map.of(
        "proofs/sample-0/proof.json", "proofs/sample-1/proof.json",
        "proofs/sample-1/proof.json", "proofs/sample-0/proof.json"));

    assertThatThrownBy(() -> consumer.verifyBundle(swapped, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("proofs/sample-0/proof.json is not a proof of test sample 0")
        .hasMessageContaining("proofs/sample-1/proof.json is not a proof of test sample 1");
  }

  private static Path withEntriesOf(Path source, Path target, Path result, String... entries) throws IOException {
    Map<String, String> same = new TreeMap<>();
    for (String entry : entries) {
      same.put(entry, entry);
    }
    return MixedBundles.withEntriesOf(source, target, result, same);
  }

  private static List<String> entries(Path zip) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      return Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();
    }
  }
}
