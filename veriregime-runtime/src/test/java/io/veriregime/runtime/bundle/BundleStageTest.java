package io.veriregime.runtime.bundle;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkProveStage;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle of a small real pipeline (real fetch-data, seeded student, real EZKL compile and prove):
 * its bytes depend only on its inputs and timestamp, and the consumer's verifier accepts it and
 * rejects an altered proof.
 */
@RunsTools
class BundleStageTest {

  @TempDir
  static Path project;
  static StageContext ctx;
  static RecordingLog log = new RecordingLog();

  @BeforeAll
  static void proveASmallStudent() {
    Experiment experiment = ZkTestSupport.experiment(project, """
        samples: 1
        teacher: false
        ezkl:
          calibrationSamples: 8
          maxLogrows: 12
        """);
    ctx = ZkTestSupport.preparedContext(experiment, project, log);
    new ZkCompileStage().run(ctx);
    new ZkProveStage().run(ctx);
  }

  @Test
  void theSameInputsGiveTheSameBytesInAnyTimeZone() throws IOException {
    byte[] bundle = bundle(Map.of()).bundle();
    byte[] proofs = Files.readAllBytes(published().attachments().get(Attachment.PROOFS));
    TimeZone zone = TimeZone.getDefault();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
      Rebuilt again = bundle(Map.of());

      assertThat(again.result().upToDate()).isFalse();
      assertThat(again.bundle()).isEqualTo(bundle);
      assertThat(Files.readAllBytes(published().attachments().get(Attachment.PROOFS))).isEqualTo(proofs);
    } finally {
      TimeZone.setDefault(zone);
    }
    assertThat(bundle(Map.of("bundle.outputTimestamp", "2026-01-01T00:00:00Z")).bundle()).isNotEqualTo(bundle);
  }

  @Test
  void theBundleCarriesWhatVerifyingNeedsAndTheProvingKeyOnlyWhenAsked() throws IOException {
    bundle(Map.of("bundle.outputTimestamp", "1767225600"));
    List<String> names = entries(published().bundle());
    assertThat(names).isSorted().contains("provenance.json", "model/student.onnx", "circuit/settings.json",
        "circuit/model.compiled", "circuit/vk.key", "circuit/kzg.srs", "proofs/proving.json",
        "proofs/sample-0/input.json", "proofs/sample-0/witness.json", "proofs/sample-0/proof.json",
        "manifests/fetch-data.json", "manifests/zk-prove.json").doesNotContain("circuit/pk.key")
        .noneMatch(name -> name.startsWith("proofs/tamper") || name.startsWith("report/"));
    try (ZipFile zip = new ZipFile(published().bundle().toFile())) {
      assertThat(zip.stream().map(ZipEntry::getTimeLocal).distinct().toList()).hasToString("[2026-01-01T00:00]");
    }
    assertThat(published().attachments()).containsOnlyKeys(Attachment.MODEL, new Attachment("settings", "json"),
        new Attachment("vk", "key"), new Attachment("srs", "srs"), Attachment.PROOFS);
    Provenance provenance = JsonFiles.read(ctx.layout().bundleDir().resolve(Provenance.FILE), Provenance.class);
    assertThat(provenance.circuit().verifying())
        .containsExactly(Map.entry("settings", "circuit/settings.json"), Map.entry("vk", "circuit/vk.key"));
    assertThat(provenance.srs().secure()).isFalse();
    assertThat(provenance.srsEntry()).isEqualTo("circuit/kzg.srs");
    assertThat(provenance.proofs()).containsExactly("proofs/sample-0/proof.json");
    assertThat(provenance.tools()).containsEntry("ezkl", "23.0.5");
    assertThat(log.lines).anyMatch(line -> line.contains("bundling without it"));

    bundle(Map.of("bundle.includeProvingKey", "true"));
    assertThat(entries(published().bundle())).contains("circuit/pk.key");
    assertThat(published().attachments()).containsKey(new Attachment("pk", "key"));
  }

  @Test
  void theVerifierAcceptsTheBundleAndItsAttachmentsAndRejectsAnAlteredProof() throws IOException {
    bundle(Map.of());
    BundleIndex.Published published = published();
    BundleVerifier verifier = new BundleVerifier(ctx.experiment(), false, Proxies.NONE, log);

    assertThat(verifier.verifyBundle(published.bundle(), project.resolve("verify")).proofs()).isEqualTo(1);
    assertThat(verifier.verifyAttachments(published.attachments()::get, project.resolve("verify")).proofs()).isEqualTo(1);
    assertThat(log.lines).anyMatch(line -> line.startsWith("WARN verify-proof: INSECURE"))
        .anyMatch(line -> line.startsWith("WARN verify-proof: " + published.bundle() + " is only self-consistent"));

    Path altered = project.resolve("altered.zip");
    Path unpacked = project.resolve("altered");
    ReproducibleZip.unpack(published.bundle(), unpacked, ReproducibleZip.Limits.BUNDLE, Set.copyOf(entries(published.bundle())));
    Path proof = unpacked.resolve("proofs/sample-0/proof.json");
    var json = (com.fasterxml.jackson.databind.node.ObjectNode) JsonFiles.readTree(proof);
    var bytes = (com.fasterxml.jackson.databind.node.ArrayNode) json.path("proof");
    int middle = bytes.size() / 2;
    bytes.set(middle, bytes.get(middle).asInt() ^ 1);
    json.putNull("hex_proof");
    JsonFiles.write(proof, json);
    java.util.SortedMap<String, Path> files = new java.util.TreeMap<>();
    for (String name : entries(published.bundle())) {
      files.put(name, unpacked.resolve(name));
    }
    ReproducibleZip.write(altered, files, java.time.Instant.parse("2026-01-01T00:00:00Z"));

    assertThatThrownBy(() -> verifier.verifyBundle(altered, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("proofs/sample-0/proof.json did not verify")
        .hasMessageContaining("differs from the file the bundle was built with")
        .hasMessageContaining("Do not use this bundle");

    // the same check without Maven, from the runtime's CLI
    String[] cli = {"verify-proof", "--bundle", published.bundle().toString(), "--experiment",
        ctx.experiment().file().toString(), "--output", project.resolve("cli").toString(), "--offline"};
    io.veriregime.runtime.cli.VeriRegimeCli.run(cli);
    cli[2] = altered.toString();
    assertThatThrownBy(() -> io.veriregime.runtime.cli.VeriRegimeCli.run(cli))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("Do not use this bundle");
  }

  @Test
  void aConsumerWithATrustedSrsIsToldTheBundleCarriesItsOwnDevelopmentSrs() throws IOException {
    bundle(Map.of());
    // any file with its hash passes as a configured trusted SRS; the check must refuse it before verifying
    Experiment trusted = ExperimentLoader.load(ctx.experiment().file(), Map.of("zk.ezkl.srs",
        ZkTestSupport.DEV_PTAU.toString(), "zk.ezkl.srsSha256", ZkTestSupport.DEV_PTAU_SHA256));

    assertThatThrownBy(() -> new BundleVerifier(trusted, false, Proxies.NONE, log)
        .verifyBundle(published().bundle(), project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("were made with a development SRS, which travels with them, not with the SRS this build"
            + " configures (zk.ezkl.srs: " + ZkTestSupport.DEV_PTAU + ")")
        .hasMessageContaining("Remove zk.ezkl.srs");
  }

  @Test
  void aBuildThatSkippedProvingBundlesUnprovenAndTheVerifierRefusesIt(@TempDir Path other) throws IOException {
    // the same outputs without zk-prove's: a build with -DskipTests proved nothing
    Path proofs = ctx.layout().zkProveDir();
    try (var paths = Files.walk(ctx.layout().root())) {
      for (Path path : paths.filter(path -> !path.startsWith(proofs)).toList()) {
        Path target = other.resolve(ctx.layout().root().relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
    Layout copy = Layout.at(other);
    assertThatThrownBy(() -> new BundleStage().run(new StageContext(ctx.experiment(), copy, false, Proxies.NONE, true,
        log))).as("proofs are required unless proving was skipped on purpose").hasMessageContaining("zk-prove");

    RecordingLog skipping = new RecordingLog();
    new BundleStage().run(new StageContext(ctx.experiment(), copy, false, Proxies.NONE, true, skipping, "-DskipTests"));

    BundleIndex.Published published = BundleIndex.read(copy, skipping);
    assertThat(published.unproven()).isEqualTo("proving was skipped: -DskipTests");
    assertThat(skipping.contains("UNPROVEN: proving was skipped: -DskipTests")).isTrue();
    List<String> names = entries(published.bundle());
    assertThat(names).contains("provenance.json", "model/student.onnx", "circuit/vk.key", "manifests/zk-compile.json")
        .noneMatch(name -> name.startsWith("proofs/") || name.equals("manifests/zk-prove.json"));
    Provenance provenance = JsonFiles.read(copy.bundleDir().resolve(Provenance.FILE), Provenance.class);
    assertThat(provenance.unproven()).isEqualTo("proving was skipped: -DskipTests");
    assertThat(provenance.proofs()).isEmpty();
    assertThat(provenance.tools()).containsKey("ezkl");
    assertThat(entries(published.attachments().get(Attachment.PROOFS))).containsExactly(Provenance.FILE);

    for (Path refused : List.of(published.bundle(), published.attachments().get(Attachment.PROOFS))) {
      assertThatThrownBy(() -> new BundleVerifier(ctx.experiment(), false, Proxies.NONE, log)
          .verifyBundle(refused, other.resolve("verify")))
          .isInstanceOf(VeriRegimeException.class)
          .hasMessageContaining("is an unproven bundle (proving was skipped: -DskipTests when it was built)")
          .hasMessageContaining("without -DskipTests");
    }
  }

  private record Rebuilt(StageResult result, byte[] bundle) {}

  /** Runs the bundle stage again (forced) with these overrides. */
  private static Rebuilt bundle(Map<String, String> overrides) throws IOException {
    Experiment experiment = ExperimentLoader.load(ctx.experiment().file(), overrides);
    StageResult result = new BundleStage().run(new StageContext(experiment, ctx.layout(), false, Proxies.NONE, true, log));
    return new Rebuilt(result, Files.readAllBytes(published().bundle()));
  }

  private static BundleIndex.Published published() {
    return BundleIndex.read(ctx.layout(), log);
  }

  private static List<String> entries(Path zip) throws IOException {
    List<String> names = new ArrayList<>();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      file.stream().forEach(entry -> names.add(entry.getName()));
    }
    return names;
  }
}
