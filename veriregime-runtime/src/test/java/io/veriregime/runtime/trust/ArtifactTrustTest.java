package io.veriregime.runtime.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.stage.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signatures and pins with real OpenPGP keys made here by Bouncy Castle, and a real bundle-sized file: what a
 * consumer trusts decides what verify-proof accepts, and every refusal names what was expected.
 */
class ArtifactTrustTest {

  private static final TrustPolicy.Options OPTIONS = new TrustPolicy.Options("veriregime.verify.trustedKeys",
      "veriregime.verify.trustedKeyring", "-Dveriregime.verify.updatePins=true");
  private static final String ARTIFACT = "com.example:signals:zip:1.4.0";

  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();
  private Path bundle;

  @BeforeEach
  void aBundle() throws Exception {
    bundle = Files.write(dir.resolve("signals-1.4.0.zip"), "a bundle's bytes\n".repeat(10_000).getBytes());
  }

  private ArtifactTrust trusting(List<String> keys, Path keyring, Path lockFile, boolean update) {
    return ArtifactTrust.of(new TrustPolicy(keys, keyring, lockFile, update, OPTIONS), log);
  }

  private static Optional<Path> signatureOf(Path file) {
    Path asc = file.resolveSibling(file.getFileName() + ".asc");
    return Files.exists(asc) ? Optional.of(asc) : Optional.empty();
  }

  @Test
  void aFileSignedByATrustedKeyIsAccepted() throws Exception {
    TestKeys producer = TestKeys.ed25519("Producer <producer@example.com>");
    producer.sign(bundle);
    Path keyring = TestKeys.exportKeyring(dir.resolve("trusted-keys.asc"), producer);

    ArtifactTrust trust = trusting(List.of(producer.fingerprint()), keyring, null, false);
    assertThat(trust.check(ARTIFACT, bundle, () -> signatureOf(bundle))).isEqualTo(bundle);
    trust.conclude(ARTIFACT);

    assertThat(log.lines).anyMatch(line -> line.startsWith("INFO") && line.contains(ARTIFACT + " signed by "
        + producer.fingerprint() + " (Producer <producer@example.com>), a key this build trusts"));
    assertThat(log.lines).noneMatch(line -> line.startsWith("WARN"));
    assertThat(log.contains("what this shows:") && log.contains("Not shown:")).isTrue();
  }

  @Test
  void rsaKeysAndSigningSubkeysBoundToATrustedKeyCountAndFingerprintsMayBeWrittenAsGpgShowsThem() throws Exception {
    TestKeys rsa = TestKeys.rsa2048("RSA producer");
    TestKeys withSubkey = TestKeys.ed25519WithSigningSubkey("Subkey producer");
    Path other = Files.write(dir.resolve("signals-1.4.0-proofs.zip"), "proofs".getBytes());
    rsa.sign(bundle);
    withSubkey.sign(other);
    Path keyring = TestKeys.exportKeyring(dir.resolve("trusted-keys.asc"), rsa, withSubkey);
    // gpg --fingerprint prints groups of four with spaces; 0x and lower case are accepted too
    String spaced = withSubkey.fingerprint().replaceAll("(.{4})", "$1 ").strip();

    ArtifactTrust trust = trusting(List.of("0x" + rsa.fingerprint().toLowerCase(), spaced), keyring, null, false);
    trust.check(ARTIFACT, bundle, () -> signatureOf(bundle));
    trust.check("com.example:signals:zip:proofs:1.4.0", other, () -> signatureOf(other));
    trust.conclude(ARTIFACT);

    assertThat(log.contains("signed by " + rsa.fingerprint())).isTrue();
    assertThat(log.contains("proofs:1.4.0 signed by " + withSubkey.fingerprint())).isTrue();
  }

  @Test
  void aChangedByteFailsNamingTheSigner() throws Exception {
    TestKeys producer = TestKeys.ed25519("Producer");
    producer.sign(bundle);
    Path keyring = TestKeys.exportKeyring(dir.resolve("trusted-keys.asc"), producer);
    byte[] bytes = Files.readAllBytes(bundle);
    bytes[bytes.length / 2] ^= 1;
    Files.write(bundle, bytes);

    ArtifactTrust trust = trusting(List.of(producer.fingerprint()), keyring, null, false);
    assertThatThrownBy(() -> trust.check(ARTIFACT, bundle, () -> signatureOf(bundle)))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(ARTIFACT)
        .hasMessageContaining("does not match its signature by " + producer.fingerprint())
        .hasMessageContaining("a byte changed after it was signed");
  }

  @Test
  void aSignatureByAnotherKeyFailsNamingTheTrustedOne() throws Exception {
    TestKeys producer = TestKeys.ed25519("Producer");
    TestKeys stranger = TestKeys.ed25519("Stranger");
    stranger.sign(bundle);

    // the stranger's key is not in the keyring at all
    Path keyring = TestKeys.exportKeyring(dir.resolve("trusted-keys.asc"), producer);
    ArtifactTrust trust = trusting(List.of(producer.fingerprint()), keyring, null, false);
    assertThatThrownBy(() -> trust.check(ARTIFACT, bundle, () -> signatureOf(bundle)))
        .hasMessageContaining("is not in " + keyring)
        .hasMessageContaining("expected a signature by the trusted key [" + producer.fingerprint() + "]");

    // in the keyring, but not trusted
    Path both = TestKeys.exportKeyring(dir.resolve("both.asc"), producer, stranger);
    ArtifactTrust strict = trusting(List.of(producer.fingerprint()), both, null, false);
    assertThatThrownBy(() -> strict.check(ARTIFACT, bundle, () -> signatureOf(bundle)))
        .hasMessageContaining("is signed by " + stranger.fingerprint() + " (Stranger), which is not a trusted key")
        .hasMessageContaining("expected a signature by the trusted key [" + producer.fingerprint() + "]");
  }

  @Test
  void aRevokedKeyCountsForNothing() throws Exception {
    TestKeys producer = TestKeys.ed25519("Producer");
    producer.sign(bundle);
    Path keyring = TestKeys.exportKeyring(dir.resolve("trusted-keys.asc"), producer.revoked());

    ArtifactTrust trust = trusting(List.of(producer.fingerprint()), keyring, null, false);
    assertThatThrownBy(() -> trust.check(ARTIFACT, bundle, () -> signatureOf(bundle)))
        .hasMessageContaining("but that key is revoked or not bound to it in " + keyring);
  }

  @Test
  void aMissingOrUnusableSignatureFails() throws Exception {
    TestKeys producer = TestKeys.ed25519("Producer");
    Path keyring = TestKeys.exportKeyring(dir.resolve("trusted-keys.asc"), producer);
    ArtifactTrust trust = trusting(List.of(producer.fingerprint()), keyring, null, false);

    assertThatThrownBy(() -> trust.check(ARTIFACT, bundle, Optional::empty))
        .hasMessageContaining(ARTIFACT + " has no signature: expected a signature by the trusted key ["
            + producer.fingerprint() + "] in the .asc file published beside it");

    Path garbage = Files.writeString(dir.resolve("signals-1.4.0.zip.asc"), "x".repeat(100_000));
    assertThatThrownBy(() -> trust.check(ARTIFACT, bundle, () -> Optional.of(garbage)))
        .hasMessageContaining("the signature of " + ARTIFACT + " (" + garbage + ") is unusable");
  }

  @Test
  void keysAreRefusedBeforeAnythingIsResolvedWhenTheyCannotBeChecked() throws Exception {
    TestKeys producer = TestKeys.ed25519("Producer");
    Path keyring = TestKeys.exportKeyring(dir.resolve("trusted-keys.asc"), producer);
    String keyId = producer.fingerprint().substring(24);

    assertThatThrownBy(() -> trusting(List.of(keyId), keyring, null, false))
        .hasMessageContaining("veriregime.verify.trustedKeys holds '" + keyId + "', which is not a key fingerprint")
        .hasMessageContaining("a short key id can be forged");
    assertThatThrownBy(() -> trusting(List.of(producer.fingerprint()), null, null, false))
        .hasMessageContaining("veriregime.verify.trustedKeyring is not set");
    String absent = "AB".repeat(20);
    assertThatThrownBy(() -> trusting(List.of(absent), keyring, null, false))
        .hasMessageContaining("the trusted key(s) [" + absent + "]")
        .hasMessageContaining("are not primary keys in " + keyring);
    Path notAKeyring = Files.writeString(dir.resolve("notes.txt"), "my keys");
    assertThatThrownBy(() -> trusting(List.of(producer.fingerprint()), notAKeyring, null, false))
        .hasMessageContaining(notAKeyring + " (veriregime.verify.trustedKeyring) is not an OpenPGP public keyring");
  }

  @Test
  void aPinIsTakenOnFirstUseWithOneWarningThenChecked() throws Exception {
    Path lock = dir.resolve("veriregime-bundles.lock");
    ArtifactTrust first = trusting(List.of(), null, lock, false);
    first.check(ARTIFACT, bundle, Optional::empty);
    assertThat(lock).doesNotExist(); // written only once the proofs verified
    first.conclude(ARTIFACT);
    assertThat(Files.readAllLines(lock)).contains(ARTIFACT + " " + Hashing.sha256(bundle));
    assertThat(log.lines.stream().filter(line -> line.startsWith("WARN"))).singleElement().asString()
        .contains(ARTIFACT + " is only self-consistent").contains("it was pinned as it is now");

    log.lines.clear();
    ArtifactTrust second = trusting(List.of(), null, lock, false);
    second.check(ARTIFACT, bundle, Optional::empty);
    second.conclude(ARTIFACT);
    assertThat(log.lines).noneMatch(line -> line.startsWith("WARN"));
    assertThat(log.contains(ARTIFACT + ": the bytes pinned in " + lock)).isTrue();
  }

  @Test
  void aChangedPinnedArtifactFailsNamingBothHashesAndTheDeliberateUpdate() throws Exception {
    Path lock = dir.resolve("veriregime-bundles.lock");
    String pinned = Hashing.sha256(bundle);
    ArtifactTrust first = trusting(List.of(), null, lock, false);
    first.check(ARTIFACT, bundle, Optional::empty);
    first.conclude(ARTIFACT);
    Files.writeString(bundle, "republished");
    String actual = Hashing.sha256(bundle);

    assertThatThrownBy(() -> trusting(List.of(), null, lock, false).check(ARTIFACT, bundle, Optional::empty))
        .hasMessageContaining(ARTIFACT + " (" + bundle + ") has sha256 " + actual + ", but " + lock + " pins it to " + pinned)
        .hasMessageContaining("update the pin deliberately with -Dveriregime.verify.updatePins=true");

    ArtifactTrust update = trusting(List.of(), null, lock, true);
    update.check(ARTIFACT, bundle, Optional::empty);
    update.conclude(ARTIFACT);
    assertThat(Files.readAllLines(lock)).contains(ARTIFACT + " " + actual).doesNotContain(ARTIFACT + " " + pinned);
    assertThat(log.contains("pin of " + ARTIFACT + " updated from " + pinned + " to " + actual)).isTrue();
  }

  @Test
  void aBrokenLockFileNamesItsLine() throws Exception {
    Path lock = Files.writeString(dir.resolve("veriregime-bundles.lock"), "# pins\n" + ARTIFACT + " not-a-hash\n");
    assertThatThrownBy(() -> trusting(List.of(), null, lock, false))
        .hasMessageContaining(lock + ":2 is not an '<artifact> <sha256>' line");
  }

  @Test
  void withNeitherKeysNorPinsItWarnsThatTheBundleIsOnlySelfConsistent() {
    ArtifactTrust trust = trusting(List.of(), null, null, false);
    trust.check(ARTIFACT, bundle, () -> {
      throw new AssertionError("no signature is resolved when no key is trusted");
    });
    trust.conclude(ARTIFACT);
    assertThat(log.lines.stream().filter(line -> line.startsWith("WARN"))).singleElement().asString()
        .contains("is only self-consistent").contains("nothing is pinned");
  }
}
