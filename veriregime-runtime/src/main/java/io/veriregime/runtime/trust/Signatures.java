package io.veriregime.runtime.trust;

import io.veriregime.runtime.UntrustedText;
import io.veriregime.runtime.VeriRegimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.util.encoders.Hex;

/**
 * Detached OpenPGP signatures ({@code .asc}, as maven-gpg-plugin writes them) checked against the keys a
 * consumer trusts: primary keys named by fingerprint, read from a keyring file (no keyserver is asked).
 * A signature by a subkey counts when the subkey is bound to a trusted primary key by that key's own
 * signature; a revoked key counts for nothing.
 */
final class Signatures {

  /** A keyring of a few keys is some kB; a file far larger is not one. */
  static final long MAX_KEYRING_BYTES = 16L << 20;
  /** One detached signature is under 1 kB (RSA 4096 included); it comes from a repository, so it is bounded. */
  static final long MAX_SIGNATURE_BYTES = 64L << 10;

  private final PGPPublicKeyRingCollection keyring;
  private final Path keyringFile;
  private final Set<String> trusted;

  private Signatures(PGPPublicKeyRingCollection keyring, Path keyringFile, Set<String> trusted) {
    this.keyring = keyring;
    this.keyringFile = keyringFile;
    this.trusted = trusted;
  }

  /**
   * The trusted keys, each required in the keyring.
   *
   * @param fingerprints as the consumer wrote them (spaces and a {@code 0x} prefix allowed)
   */
  static Signatures trusting(List<String> fingerprints, Path keyringFile, String keysSource, String keyringSource) {
    Set<String> trusted = new TreeSet<>();
    fingerprints.forEach(fingerprint -> trusted.add(normalised(fingerprint, keysSource)));
    if (keyringFile == null) {
      throw new VeriRegimeException("verify-proof: " + keysSource + " names " + trusted + " but " + keyringSource
          + " is not set: give the file holding their public keys (gpg --export --armor FINGERPRINT > trusted-keys.asc);"
          + " no keyserver is asked.");
    }
    PGPPublicKeyRingCollection keyring = readKeyring(keyringFile, keyringSource);
    List<String> absent = trusted.stream().filter(fingerprint -> primaryKey(keyring, fingerprint).isEmpty()).toList();
    if (!absent.isEmpty()) {
      throw new VeriRegimeException("verify-proof: the trusted key(s) " + absent + " of " + keysSource + " are not primary"
          + " keys in " + keyringFile + " (" + keyringSource + "). Add them: gpg --export --armor FINGERPRINT >> "
          + keyringFile.getFileName() + ".");
    }
    return new Signatures(keyring, keyringFile, trusted);
  }

  /** The trusted fingerprints, upper-case hex. */
  Set<String> trusted() {
    return trusted;
  }

  /**
   * Checks {@code signature} (null when the repository has none) over {@code file}.
   *
   * @return who signed it: the trusted primary key's fingerprint and first user id
   * @throws VeriRegimeException naming the artifact, what was expected and what was found
   */
  String verify(String artifact, Path file, Path signature) {
    String expected = "a signature by " + (trusted.size() == 1 ? "the trusted key " : "one of the trusted keys ") + trusted;
    if (signature == null) {
      throw new VeriRegimeException("verify-proof: " + artifact + " has no signature: expected " + expected + " in the"
          + " .asc file published beside it (its producer signs with maven-gpg-plugin; see the README). Do not use it"
          + " unsigned; ask its producer to sign and publish it again.");
    }
    PGPSignature parsed = parse(artifact, signature);
    Optional<PGPPublicKey> signer = Optional.ofNullable(keyring.getPublicKey(parsed.getKeyID()));
    if (signer.isEmpty()) {
      throw new VeriRegimeException("verify-proof: " + artifact + " is signed by key " + keyId(parsed.getKeyID())
          + ", which is not in " + keyringFile + "; expected " + expected + ". Do not use it: someone other than the"
          + " producer you trust signed it (or the producer changed keys: check the new key with them before trusting it).");
    }
    PGPPublicKeyRing ring = keyring.getPublicKeyRing(parsed.getKeyID());
    PGPPublicKey primary = ring.getPublicKey();
    String owner = describe(primary);
    if (!trusted.contains(fingerprint(primary))) {
      throw new VeriRegimeException("verify-proof: " + artifact + " is signed by " + owner + ", which is not a trusted"
          + " key; expected " + expected + ". Do not use it; trust that key (trustedKeys) only once its owner confirms it.");
    }
    if (primary.hasRevocation() || (!signer.get().isMasterKey() && !boundTo(primary, signer.get()))) {
      throw new VeriRegimeException("verify-proof: " + artifact + " is signed by " + keyId(parsed.getKeyID()) + " of "
          + owner + ", but that key is revoked or not bound to it in " + keyringFile + "; expected " + expected
          + " by a valid key. Refresh the keyring from its owner (gpg --export --armor) and ask for a new signature.");
    }
    if (!matches(parsed, signer.get(), file)) {
      throw new VeriRegimeException("verify-proof: " + artifact + " (" + file + ") does not match its signature by "
          + owner + ": a byte changed after it was signed. Do not use it; resolve it again from its producer's"
          + " repository.");
    }
    return owner;
  }

  /** A subkey counts only through its binding signature by the primary key, and unrevoked. */
  private static boolean boundTo(PGPPublicKey primary, PGPPublicKey subkey) {
    if (subkey.hasRevocation()) {
      return false;
    }
    Iterator<PGPSignature> bindings = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
    while (bindings.hasNext()) {
      PGPSignature binding = bindings.next();
      try {
        binding.init(new BcPGPContentVerifierBuilderProvider(), primary);
        if (binding.verifyCertification(primary, subkey)) {
          return true;
        }
      } catch (PGPException e) {
        // a binding this library cannot check binds nothing
      }
    }
    return false;
  }

  private static boolean matches(PGPSignature signature, PGPPublicKey key, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      signature.init(new BcPGPContentVerifierBuilderProvider(), key);
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        signature.update(buffer, 0, read);
      }
      return signature.verify();
    } catch (IOException e) {
      throw new VeriRegimeException("verify-proof: could not read " + file + ": " + e.getMessage()
          + ". Check the local repository.", e);
    } catch (PGPException e) {
      return false;
    }
  }

  private static PGPSignature parse(String artifact, Path signature) {
    String problem;
    try {
      byte[] bytes = bounded(signature, MAX_SIGNATURE_BYTES);
      Object packet = new BcPGPObjectFactory(
          PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))).nextObject();
      if (packet instanceof PGPSignatureList list && list.size() == 1
          && list.get(0).getSignatureType() == PGPSignature.BINARY_DOCUMENT) {
        return list.get(0);
      }
      problem = "it does not hold exactly one detached signature of a binary document (gpg --detach-sign --armor)";
    } catch (IOException | RuntimeException e) {
      problem = "it is not an OpenPGP signature (" + e.getClass().getSimpleName() + ")";
    }
    throw new VeriRegimeException("verify-proof: the signature of " + artifact + " (" + signature + ") is unusable: "
        + problem + ". Do not use the artifact; ask its producer to sign it with maven-gpg-plugin.");
  }

  private static byte[] bounded(Path file, long max) throws IOException {
    if (Files.size(file) > max) {
      throw new IOException("larger than " + max + " bytes");
    }
    return Files.readAllBytes(file);
  }

  private static PGPPublicKeyRingCollection readKeyring(Path file, String source) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new VeriRegimeException("verify-proof: " + source + " is " + file + ", which is not a file. Export the"
            + " trusted keys into it: gpg --export --armor FINGERPRINT > " + file.getFileName() + ".");
      }
      byte[] bytes = bounded(file, MAX_KEYRING_BYTES);
      PGPPublicKeyRingCollection keyring = new PGPPublicKeyRingCollection(
          PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes)), new BcKeyFingerprintCalculator());
      if (keyring.size() == 0) {
        throw new IOException("it holds no key");
      }
      return keyring;
    } catch (IOException | PGPException | RuntimeException e) {
      if (e instanceof VeriRegimeException v) {
        throw v;
      }
      throw new VeriRegimeException("verify-proof: " + file + " (" + source + ") is not an OpenPGP public keyring of at"
          + " most " + MAX_KEYRING_BYTES + " bytes (" + e.getMessage() + "). Export it again: gpg --export --armor"
          + " FINGERPRINT > " + file.getFileName() + ".", e);
    }
  }

  private static Optional<PGPPublicKey> primaryKey(PGPPublicKeyRingCollection keyring, String fingerprint) {
    return Optional.ofNullable(keyring.getPublicKey(Hex.decode(fingerprint))).filter(PGPPublicKey::isMasterKey);
  }

  /**
   * A fingerprint as upper-case hex: 40 digits (OpenPGP v4) or 64 (v6). A key id is refused, since a short
   * id is easily forged.
   */
  static String normalised(String fingerprint, String source) {
    String hex = fingerprint == null ? "" : fingerprint.replace(" ", "").toUpperCase(Locale.ROOT);
    hex = hex.startsWith("0X") ? hex.substring(2) : hex;
    if (!hex.matches("[0-9A-F]{40}|[0-9A-F]{64}")) {
      throw new VeriRegimeException("verify-proof: " + source + " holds " + UntrustedText.quoted(
          fingerprint == null ? "" : fingerprint, 80) + ", which is not a key fingerprint: give the full 40 hex digits"
          + " gpg --fingerprint shows (a short key id can be forged).");
    }
    return hex;
  }

  private static String fingerprint(PGPPublicKey key) {
    return Hex.toHexString(key.getFingerprint()).toUpperCase(Locale.ROOT);
  }

  private static String keyId(long keyId) {
    return String.format(Locale.ROOT, "%016X", keyId);
  }

  private static String describe(PGPPublicKey primary) {
    List<String> ids = new ArrayList<>();
    primary.getUserIDs().forEachRemaining(ids::add);
    return fingerprint(primary) + (ids.isEmpty() ? "" : " (" + ids.get(0) + ")");
  }
}
