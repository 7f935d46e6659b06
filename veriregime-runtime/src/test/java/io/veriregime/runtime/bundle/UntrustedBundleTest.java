package io.veriregime.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.experiment.ProvingSystem;
import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.SetupMaterial;
import io.veriregime.runtime.stage.RecordingLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What verify-proof does with what a repository hands it before any backend is asked anything:
 * coordinates that would name a path outside the build, work directories it did not create, zip
 * bombs, and entries no provenance lists. Everything here fails on the code before issue 24, which
 * deleted a victim directory and unpacked a bomb and an unlisted entry.
 */
class UntrustedBundleTest {

  private static final String PROOF = "proofs/sample-0/proof.json";

  @TempDir
  Path dir;
  final RecordingLog log = new RecordingLog();

  @Test
  void coordinatesThatWouldNameAPathAreRefusedByMavensRulesAndTheVictimIsUntouched() throws IOException {
    Path victim = Files.createDirectories(dir.resolve("some/dir/v_a_1"));
    Files.writeString(victim.resolve("precious.txt"), "mine");

    assertThatThrownBy(() -> BundleCoordinates.parse(dir.resolve("some/dir/v") + ":a:1:proofs", "veriregime.verify.bundle"))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("veriregime.verify.bundle is '" + dir.resolve("some/dir/v") + ":a:1:proofs'")
        .hasMessageContaining("its groupId '" + dir.resolve("some/dir/v") + "'")
        .hasMessageContaining("may hold only letters, digits, '_', '-' and '.' (Maven's rule for a groupId)");
    assertThatThrownBy(() -> BundleCoordinates.parse("g:a/../..:1", "veriregime.verify.bundle"))
        .hasMessageContaining("its artifactId 'a/../..'");
    assertThatThrownBy(() -> BundleCoordinates.parse("g:a:1/..", "veriregime.verify.bundle"))
        .hasMessageContaining("its version '1/..' is empty or holds a character Maven does not allow");
    assertThatThrownBy(() -> BundleCoordinates.parse("g:a:1:pk", "veriregime.verify.bundle"))
        .hasMessageContaining("write groupId:artifactId:version for a bundle");
    assertThatThrownBy(() -> BundleCoordinates.parse("g:a:\u001b[2J", "veriregime.verify.bundle"))
        .hasMessageContaining("'g:a:\\x1B[2J'");
    assertThat(victim.resolve("precious.txt")).hasContent("mine");

    BundleCoordinates coordinates = BundleCoordinates.parse(" io.veriregime.it:a-b:1.0-SNAPSHOT:proofs ", "p");
    assertThat(coordinates.proofsOnly()).isTrue();
    assertThat(coordinates.workDir(dir.resolve("target/veriregime")))
        .isEqualTo(dir.resolve("target/veriregime/verify-proof/io.veriregime.it_a-b_1.0-SNAPSHOT").toAbsolutePath());
  }

  @Test
  void aWorkDirectoryVerifyProofDidNotCreateIsLeftAsItIs() throws IOException {
    Path workDir = BundleCoordinates.parse("g:a:1", "p").workDir(dir.resolve("target"));
    Path userFile = Files.createDirectories(workDir).resolve("precious.txt");
    Files.writeString(userFile, "mine");

    assertThatThrownBy(() -> consumer().verifyBundle(notABundle(), workDir))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("its work directory " + workDir + " is a directory verify-proof did not create (no "
            + WorkDirectory.MARKER + " in it), so VeriRegime leaves it untouched");
    assertThat(userFile).hasContent("mine");

    Path victim = Files.createDirectories(dir.resolve("victim"));
    Files.writeString(victim.resolve("precious.txt"), "mine");
    Path linked = workDir.resolveSibling("g_a_2");
    Files.createSymbolicLink(linked, victim);
    Files.writeString(victim.resolve(WorkDirectory.MARKER), "forged");

    assertThatThrownBy(() -> consumer().verifyBundle(notABundle(), linked))
        .hasMessageContaining("its work directory " + linked + " is a link");
    assertThat(victim.resolve("precious.txt")).hasContent("mine");
  }

  @Test
  void aWorkDirectoryVerifyProofCreatedIsEmptiedBeforeTheNextBundle() throws IOException {
    Path workDir = dir.resolve("target/verify-proof/g_a_1");
    assertThatThrownBy(() -> consumer().verifyBundle(notABundle(), workDir)).hasMessageContaining("has no provenance.json");
    Files.writeString(workDir.resolve("left-over.txt"), "from the last bundle");

    assertThatThrownBy(() -> consumer().verifyBundle(notABundle(), workDir)).hasMessageContaining("has no provenance.json");
    assertThat(workDir.resolve("left-over.txt")).doesNotExist();
    assertThat(workDir.resolve(WorkDirectory.MARKER)).isRegularFile();
  }

  @Test
  void aZipBombIsStoppedByTheCompressionRatioLongBeforeItFillsTheDisk() throws IOException {
    Path bomb = bundle(Map.of("report/padding.bin", new byte[0]), 256L << 20);
    Path workDir = dir.resolve("verify");

    assertThatThrownBy(() -> consumer().verifyBundle(bomb, workDir))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageStartingWith("verify-proof: " + bomb)
        .hasMessageContaining("'report/padding.bin' inflates to more than 100 times its compressed size (a zip bomb)")
        .hasMessageContaining("past VeriRegime's limit on a bundle's compression ratio");
    assertThat(Files.size(bomb)).isLessThan(1L << 20);
    assertThat(bytesUnder(workDir)).isLessThan(4L << 20);
  }

  @Test
  void anEntryTheProvenanceDoesNotListIsRefusedBeforeItIsWritten() throws IOException {
    Path extra = bundle(Map.of("proofs/sample-9/proof.json", "{}".getBytes()), 0);
    Path workDir = dir.resolve("verify");

    assertThatThrownBy(() -> consumer().verifyBundle(extra, workDir))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("has an entry 'proofs/sample-9/proof.json' that its provenance.json does not list");
    assertThat(workDir.resolve("proofs/sample-9")).doesNotExist();
  }

  @Test
  void eachLimitStopsUnpackingAndIsNamed() throws IOException {
    Path zip = bundle(Map.of(), 0);
    Set<String> all = Set.of(Provenance.FILE, PROOF, "circuit/settings.json", "circuit/vk.key");
    ReproducibleZip.unpack(zip, dir.resolve("fits"), ReproducibleZip.Limits.BUNDLE, all);
    assertThat(dir.resolve("fits").resolve(PROOF)).hasContent("proof");

    assertThatThrownBy(() -> ReproducibleZip.unpack(zip, dir.resolve("a"), new ReproducibleZip.Limits(3, 1 << 20, 1 << 20, 100), all))
        .hasMessageContaining("more than 3 entries, past VeriRegime's limit on a bundle's entries");
    assertThatThrownBy(() -> ReproducibleZip.unpack(zip, dir.resolve("b"), new ReproducibleZip.Limits(10, 4, 1 << 20, 100), all))
        .hasMessageContaining("inflates to more than 4 bytes, past VeriRegime's limit on a bundle's bytes per entry");
    long provenanceBytes = Files.size(dir.resolve("fits").resolve(Provenance.FILE));
    assertThatThrownBy(() -> ReproducibleZip.unpack(zip, dir.resolve("c"),
        new ReproducibleZip.Limits(10, 1 << 20, provenanceBytes + 8, 100), all))
        .hasMessageContaining("its entries inflate to more than " + (provenanceBytes + 8) + " bytes, past VeriRegime's"
            + " limit on a bundle's bytes in all");
  }

  @Test
  void aSecondEntryOfTheSameNameIsRefused() throws IOException {
    // ZipOutputStream refuses a duplicate name, so the zip is two one-entry zips' local parts end to end, as a
    // stream reader (the unpacker) reads it
    Path twice = dir.resolve("twice.zip");
    try (OutputStream out = Files.newOutputStream(twice)) {
      for (int copy = 0; copy < 2; copy++) {
        Path one = dir.resolve("one.zip");
        try (ZipOutputStream single = new ZipOutputStream(Files.newOutputStream(one))) {
          single.putNextEntry(new ZipEntry(Provenance.FILE));
          single.write("{\"format\": 2}".getBytes());
          single.closeEntry();
        }
        byte[] bytes = Files.readAllBytes(one);
        out.write(bytes, 0, localPart(bytes));
      }
    }

    assertThatThrownBy(() -> consumer().verifyBundle(twice, dir.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("has two entries named 'provenance.json'; VeriRegime writes neither");
  }

  /** Where a one-entry zip's central directory starts (its signature PK\1\2): what comes before is the entry. */
  private static int localPart(byte[] zip) {
    for (int i = 0; i + 3 < zip.length; i++) {
      if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2) {
        return i;
      }
    }
    throw new IllegalStateException("no central directory");
  }

  private BundleVerifier consumer() {
    return new BundleVerifier(ExperimentLoader.loadOrDefaults(dir.resolve("consumer/experiment.yaml"), Map.of()), true,
        Proxies.NONE, log);
  }

  private Path notABundle() throws IOException {
    Path zip = dir.resolve("not-a-bundle.zip");
    ReproducibleZip.write(zip, new TreeMap<>(Map.of("readme.txt", Files.writeString(dir.resolve("readme.txt"), "hi"))),
        java.time.Instant.EPOCH);
    return zip;
  }

  /**
   * A zip laid out as an EZKL bundle whose provenance lists its proof and verifying files (the contents
   * are placeholders: nothing here gets as far as a verifier), plus {@code extra} entries it does not
   * list, and {@code zeros} bytes of zeros as the last extra entry's content when positive (the bomb).
   */
  private Path bundle(Map<String, byte[]> extra, long zeros) throws IOException {
    SortedMap<String, byte[]> listed = new TreeMap<>(Map.of(PROOF, "proof".getBytes(),
        "circuit/settings.json", "{}".getBytes(), "circuit/vk.key", "vk".getBytes()));
    SortedMap<String, String> hashes = new TreeMap<>();
    for (var entry : listed.entrySet()) {
      hashes.put(entry.getKey(), Hashing.sha256(Files.write(dir.resolve("content"), entry.getValue())));
    }
    Provenance provenance = new Provenance(Provenance.FORMAT, "x", new TreeMap<>(Map.of("veriregime", "test")),
        "2026-01-01T00:00:00Z",
        new Provenance.Circuit("ezkl", "23.0.5", "student", Provenance.CIRCUIT_DIR,
            Provenance.verifyingEntries(ProvingBackends.circuitFileRoles(ProvingSystem.EZKL)), 12, 100, CircuitCost.ROWS, 100, 7, 7,
            List.of()),
        new SetupMaterial("file", "kzg.srs", "0".repeat(64), true, null, null), null, false, null, List.of(PROOF),
        hashes, null);
    Path provenanceFile = dir.resolve("provenance-written.json");
    JsonFiles.write(provenanceFile, provenance);
    Path zip = dir.resolve("bundle-" + extra.hashCode() + "-" + zeros + ".zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry(Provenance.FILE));
      out.write(Files.readAllBytes(provenanceFile));
      for (var entry : listed.entrySet()) {
        out.putNextEntry(new ZipEntry(entry.getKey()));
        out.write(entry.getValue());
      }
      for (var entry : extra.entrySet()) {
        out.putNextEntry(new ZipEntry(entry.getKey()));
        out.write(entry.getValue());
        byte[] block = new byte[1 << 20];
        for (long written = 0; written < zeros; written += block.length) {
          out.write(block);
        }
      }
    }
    return zip;
  }

  private static long bytesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      long total = 0;
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }
}
