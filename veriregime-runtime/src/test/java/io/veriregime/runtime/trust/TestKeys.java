package io.veriregime.runtime.trust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Locale;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.bouncycastle.util.encoders.Hex;

/**
 * Throw-away OpenPGP keys made in a test with Bouncy Castle, as {@code gpg --quick-gen-key} would make
 * them: a certified user id, optionally a signing subkey bound to the primary key. Signs files as
 * maven-gpg-plugin does: a detached, armored signature of the binary document.
 */
final class TestKeys {

  final PGPPublicKeyRing publicRing;
  private final PGPKeyPair signer;

  private TestKeys(PGPPublicKeyRing publicRing, PGPKeyPair signer) {
    this.publicRing = publicRing;
    this.signer = signer;
  }

  static TestKeys ed25519(String userId) {
    return make(userId, false, ed25519Pair());
  }

  /** An Ed25519 primary key that signs with a subkey bound to it (as gpg's default keys do). */
  static TestKeys ed25519WithSigningSubkey(String userId) {
    return make(userId, true, ed25519Pair());
  }

  static TestKeys rsa2048(String userId) {
    RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
    generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 80));
    return make(userId, false, pair(PublicKeyAlgorithmTags.RSA_GENERAL, generator.generateKeyPair()));
  }

  /** The same key, with a revocation certificate its owner issued (as gpg --gen-revoke, imported). */
  TestKeys revoked() throws PGPException {
    PGPSignatureGenerator generator = new PGPSignatureGenerator(
        new BcPGPContentSignerBuilder(signer.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), signer.getPublicKey());
    generator.init(PGPSignature.KEY_REVOCATION, signer.getPrivateKey());
    PGPPublicKey primary = publicRing.getPublicKey();
    PGPPublicKey revokedKey = PGPPublicKey.addCertification(primary, generator.generateCertification(primary));
    return new TestKeys(PGPPublicKeyRing.insertPublicKey(publicRing, revokedKey), signer);
  }

  String fingerprint() {
    return Hex.toHexString(publicRing.getPublicKey().getFingerprint()).toUpperCase(Locale.ROOT);
  }

  /** Writes {@code file}.asc beside it, signed by this key (its subkey if it has one). */
  Path sign(Path file) throws IOException, PGPException {
    PGPSignatureGenerator generator = new PGPSignatureGenerator(
        new BcPGPContentSignerBuilder(signer.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), signer.getPublicKey());
    generator.init(PGPSignature.BINARY_DOCUMENT, signer.getPrivateKey());
    generator.update(Files.readAllBytes(file));
    Path signature = file.resolveSibling(file.getFileName() + ".asc");
    try (OutputStream out = new ArmoredOutputStream(Files.newOutputStream(signature))) {
      generator.generate().encode(out);
    }
    return signature;
  }

  /** Writes the public keys of {@code keys} into one armored keyring, as {@code gpg --export --armor} does. */
  static Path exportKeyring(Path file, TestKeys... keys) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ArmoredOutputStream out = new ArmoredOutputStream(bytes)) {
      for (TestKeys key : keys) {
        key.publicRing.encode(out);
      }
    }
    return Files.write(file, bytes.toByteArray());
  }

  private static PGPKeyPair ed25519Pair() {
    Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(new SecureRandom()));
    return pair(PublicKeyAlgorithmTags.EDDSA_LEGACY, generator.generateKeyPair());
  }

  private static PGPKeyPair pair(int algorithm, AsymmetricCipherKeyPair keys) {
    try {
      return new BcPGPKeyPair(PublicKeyPacket.VERSION_4, algorithm, keys, new Date());
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TestKeys make(String userId, boolean subkey, PGPKeyPair primary) {
    try {
      PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, userId,
          new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), null, null,
          new BcPGPContentSignerBuilder(primary.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), null);
      PGPKeyPair signer = primary;
      if (subkey) {
        signer = ed25519Pair();
        rings.addSubKey(signer);
      }
      return new TestKeys(rings.generatePublicKeyRing(), signer);
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    }
  }
}
