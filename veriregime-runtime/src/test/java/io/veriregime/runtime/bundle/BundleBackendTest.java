package io.veriregime.runtime.bundle;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.report.ReportStage;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkProveStage;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle of the Groth16 backend from a small real pipeline (real fetch-data, seeded student, our
 * R1CS compiler, snarkjs set up from the shared development powers of tau): it carries the
 * verification key and not the powers of tau, records them as insecure, and a consumer whose own
 * zk.backend is EZKL verifies it with snarkjs, from the zip and from the attachments, refusing an
 * altered verification key, a proof snarkjs rejects, and a snarkjs version it was not proved with.
 */
@RunsTools
class BundleBackendTest {

  private static final String PROOF = "proofs/sample-0/proof.json";
  private static final String VK = "circuit/verification_key.json";

  @TempDir
  static Path project;
  static StageContext ctx;
  static RecordingLog log = new RecordingLog();
  /** A consumer's build with the default configuration: zk.backend ezkl, Node.js tools where they always are. */
  static BundleVerifier consumer;

  @BeforeAll
  static void proveAndBundleWithGroth16() {
    Experiment experiment = ZkTestSupport.experiment(project, """
        backend: groth16
        samples: 1
        teacher: false
        """ + ZkTestSupport.DEV_GROTH16);
    ctx = ZkTestSupport.preparedContext(experiment, project, log);
    new ZkCompileStage().run(ctx);
    new ZkProveStage().run(ctx);
    new BundleStage().run(ctx);
    consumer = new BundleVerifier(ExperimentLoader.loadOrDefaults(project.resolve("consumer/experiment.yaml"), Map.of()), true, Proxies.NONE, log);
  }

  @Test
  void theBundleCarriesTheVerificationKeyAndRecordsTheDevelopmentPowersOfTauWithoutThem() throws IOException {
    BundleIndex.Published published = BundleIndex.read(ctx.layout(), log);

    assertThat(entries(published.bundle())).isSorted().contains("provenance.json", "model/student.onnx", VK,
            "circuit/circuit.r1cs", "circuit/constraints.json", "proofs/proving.json", PROOF,
            "proofs/sample-0/witness.wtns", "manifests/zk-compile.json", "manifests/zk-prove.json")
        .doesNotContain("circuit/circuit.zkey")
        .noneMatch(name -> name.endsWith(".ptau") || name.startsWith("proofs/tamper"));
    assertThat(published.attachments()).containsOnlyKeys(Attachment.MODEL, new Attachment("vk", "json"),
        Attachment.PROOFS);
    assertThat(published.attachments().get(new Attachment("vk", "json")))
        .hasSameBinaryContentAs(ctx.layout().zkCompileDir().resolve("verification_key.json"));
    Provenance provenance = JsonFiles.read(ctx.layout().bundleDir().resolve(Provenance.FILE), Provenance.class);
    assertThat(provenance.circuit().backend()).isEqualTo("groth16");
    assertThat(provenance.circuit().verifying()).containsExactly(Map.entry("vk", VK));
    assertThat(provenance.srs().secure()).isFalse();
    assertThat(provenance.srs().warning()).startsWith("INSECURE");
    assertThat(provenance.srsEntry()).isNull();
    assertThat(provenance.tools()).containsEntry("groth16", "0.7.6").doesNotContainKey("ezkl");
    assertThat(log.lines).anyMatch(line -> line.startsWith("WARN bundle: the bundle's keys were made from development"));
  }

  @Test
  void theProvingKeyIsBundledAndAttachedAsSnarkjsWroteItWhenAsked() throws IOException {
    Experiment withKey = ExperimentLoader.load(ctx.experiment().file(), Map.of("bundle.includeProvingKey", "true"));
    try {
      new BundleStage().run(new StageContext(withKey, ctx.layout(), false, Proxies.NONE, true, log));
      BundleIndex.Published published = BundleIndex.read(ctx.layout(), log);

      assertThat(entries(published.bundle())).contains("circuit/circuit.zkey");
      assertThat(published.attachments().get(new Attachment("pk", "zkey")))
          .hasSameBinaryContentAs(ctx.layout().zkCompileDir().resolve("circuit.zkey"));
    } finally {
      new BundleStage().run(new StageContext(ctx.experiment(), ctx.layout(), false, Proxies.NONE, true, log));
    }
  }

  @Test
  void aConsumerOnEzklVerifiesTheBundleAndItsAttachmentsWithSnarkjs() {
    BundleIndex.Published published = BundleIndex.read(ctx.layout(), log);

    BundleVerifier.Verified fromZip = consumer.verifyBundle(published.bundle(), project.resolve("verify"));
    BundleVerifier.Verified fromAttachments = consumer.verifyAttachments(published.attachments()::get,
        project.resolve("verify"));

    assertThat(List.of(fromZip, fromAttachments))
        .containsOnly(new BundleVerifier.Verified(1, "groth16", "0.7.6"));
    assertThat(log.lines).anyMatch(line -> line.startsWith("WARN verify-proof: INSECURE"))
        .anyMatch(line -> line.startsWith("WARN verify-proof: the Groth16 keys") && line.contains("phase 2"))
        .anyMatch(line -> line.contains("verify-proof: snarkjs groth16 verify"));
  }

  @Test
  void anAlteredVerificationKeyIsRefusedWithoutAskingTheVerifier() throws IOException {
    BundleIndex.Published published = BundleIndex.read(ctx.layout(), log);
    Path vk = project.resolve("altered-vk.json");
    ObjectNode key = (ObjectNode) JsonFiles.readTree(published.attachments().get(new Attachment("vk", "json")));
    ArrayNode alpha = (ArrayNode) key.path("vk_alpha_1");
    alpha.set(0, new BigInteger(alpha.get(0).asText()).add(BigInteger.ONE).toString());
    JsonFiles.write(vk, key);
    int lines = log.lines.size();

    assertThatThrownBy(() -> consumer.verifyAttachments(
        attachment -> attachment.classifier().equals("vk") ? vk : published.attachments().get(attachment),
        project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(VK + " differs from the file the bundle was built with")
        .hasMessageContaining("Do not use this bundle")
        .hasMessageNotContaining("did not verify");
    assertThat(log.lines.subList(lines, log.lines.size())).noneMatch(line -> line.contains("groth16 verify"));
  }

  @Test
  void aProofSnarkjsRejectsFailsEvenWhenItsRecordedHashWasChangedToMatch() throws IOException {
    Path forged = rewritten("forged.zip", unpacked -> {
      ObjectNode proof = (ObjectNode) JsonFiles.readTree(unpacked.resolve(PROOF));
      ArrayNode signals = (ArrayNode) proof.path("publicSignals");
      signals.set(0, new BigInteger(signals.get(0).asText()).add(BigInteger.ONE).toString());
      JsonFiles.write(unpacked.resolve(PROOF), proof);
      ObjectNode provenance = (ObjectNode) JsonFiles.readTree(unpacked.resolve(Provenance.FILE));
      ((ObjectNode) provenance.path("files")).put(PROOF, Hashing.sha256(unpacked.resolve(PROOF)));
      JsonFiles.write(unpacked.resolve(Provenance.FILE), provenance);
    });

    assertThatThrownBy(() -> consumer.verifyBundle(forged, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(PROOF + " did not verify: snarkjs groth16 verify: invalid proof")
        .hasMessageNotContaining("differs")
        .hasMessageContaining("Do not use this bundle");
  }

  @Test
  void aBundleProvedWithAnotherSnarkjsOrOfAnotherFormatIsRefusedWithAdvice() throws IOException {
    Path otherVersion = rewritten("other-version.zip", unpacked -> editProvenance(unpacked,
        provenance -> ((ObjectNode) provenance.path("circuit")).put("backendVersion", "0.7.5")));
    Path otherFormat = rewritten("other-format.zip", unpacked -> editProvenance(unpacked,
        provenance -> provenance.put("format", 1)));

    assertThatThrownBy(() -> consumer.verifyBundle(otherVersion, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("was proved with groth16 0.7.5, but this build verifies with groth16 0.7.6")
        .hasMessageContaining("Use the VeriRegime version that built it");
    assertThatThrownBy(() -> consumer.verifyBundle(otherFormat, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("is a bundle of format 1; this VeriRegime reads format " + Provenance.FORMAT);
  }

  @Test
  void aProvenanceNamingFilesOutsideTheBundleOrNotTheBackendsIsRefusedBeforeAnythingIsCopied() throws IOException {
    BundleIndex.Published published = BundleIndex.read(ctx.layout(), log);
    Path escape = project.resolve("escaped");
    Path hostile = rewritten("hostile-proofs.zip", published.attachments().get(Attachment.PROOFS), unpacked ->
        editProvenance(unpacked, provenance -> {
          ((ObjectNode) provenance.path("circuit")).putObject("verifying").put("vk", "../../escaped/vk.json");
          provenance.put("srsEntry", "../escaped/pot.ptau");
          ((ArrayNode) provenance.path("proofs")).add("../../escaped/proof.json");
        }));
    Path verify = project.resolve("verify-hostile");

    assertThatThrownBy(() -> consumer.verifyAttachments(
        attachment -> attachment.equals(Attachment.PROOFS) ? hostile : published.attachments().get(new Attachment("vk", "json")),
        verify))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("has a provenance this VeriRegime did not write")
        .hasMessageContaining("but a groth16 bundle's are circuit {vk=" + VK + "}")
        .hasMessageContaining("its setup material is named ../escaped/pot.ptau, not a file in circuit/")
        .hasMessageContaining("it names ../../escaped/proof.json, which lies outside the bundle")
        .hasMessageContaining("Do not use this bundle");
    assertThat(escape).doesNotExist();
    assertThat(project.getParent().resolve("escaped")).doesNotExist();
  }

  @Test
  void aProvenanceWithoutItsFileHashesIsRefused() throws IOException {
    Path bare = rewritten("no-hashes.zip", unpacked -> editProvenance(unpacked, provenance -> provenance.remove("files")));

    assertThatThrownBy(() -> consumer.verifyBundle(bare, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("has a provenance without its circuit, setup material, proofs or file hashes");
  }

  @Test
  void aBundleOfABackendThisVersionDoesNotKnowSaysSo() throws IOException {
    Path unknown = rewritten("unknown-backend.zip", unpacked -> editProvenance(unpacked,
        provenance -> ((ObjectNode) provenance.path("circuit")).put("backend", "plonk")));

    assertThatThrownBy(() -> consumer.verifyBundle(unknown, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("The proving backend plonk is not one this VeriRegime knows ([ezkl, groth16])")
        .hasMessageContaining("Use the VeriRegime version that wrote it");
  }

  @Test
  void proofsOfKeysZkCompileHasSinceReplacedAreNeitherBundledNorReported() {
    StageContext forced = new StageContext(ctx.experiment(), ctx.layout(), false, Proxies.NONE, true, log);
    try {
      // a new setup draws a new phase-2 contribution: the proofs on disk no longer match the keys
      new ZkCompileStage().run(forced);

      assertThatThrownBy(() -> new BundleStage().run(forced))
          .isInstanceOf(VeriRegimeException.class)
          .hasMessageContaining("were made from another circuit or keys than zk-compile's")
          .hasMessageContaining("Run zk-prove before bundle");
      assertThatThrownBy(() -> new ReportStage().run(forced))
          .isInstanceOf(VeriRegimeException.class)
          .hasMessageContaining("report: zk-prove's proofs in " + ctx.layout().zkProveDir())
          .hasMessageContaining("Run zk-prove before report");
    } finally {
      new ZkProveStage().run(ctx);
      new BundleStage().run(ctx);
    }
  }

  private static void editProvenance(Path unpacked, Consumer<ObjectNode> edit) {
    ObjectNode provenance = (ObjectNode) JsonFiles.readTree(unpacked.resolve(Provenance.FILE));
    edit.accept(provenance);
    JsonFiles.write(unpacked.resolve(Provenance.FILE), provenance);
  }

  /** The published bundle unpacked, altered by {@code alter} and zipped again as {@code name}. */
  private static Path rewritten(String name, Consumer<Path> alter) throws IOException {
    return rewritten(name, BundleIndex.read(ctx.layout(), log).bundle(), alter);
  }

  /** {@code bundle} (a bundle or its proofs attachment) unpacked, altered by {@code alter} and zipped again as {@code name}. */
  private static Path rewritten(String name, Path bundle, Consumer<Path> alter) throws IOException {
    Path unpacked = project.resolve(name + ".d");
    ReproducibleZip.unpack(bundle, unpacked, ReproducibleZip.Limits.BUNDLE, Set.copyOf(entries(bundle)));
    alter.accept(unpacked);
    SortedMap<String, Path> files = new TreeMap<>();
    for (String entry : entries(bundle)) {
      files.put(entry, unpacked.resolve(entry));
    }
    Path zip = project.resolve(name);
    ReproducibleZip.write(zip, files, Instant.parse("2026-01-01T00:00:00Z"));
    return zip;
  }

  private static List<String> entries(Path zip) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      file.stream().forEach(entry -> names.add(entry.getName()));
    }
    return names;
  }
}
