import org.bouncycastle.bcpg.ArmoredOutputStream
import org.bouncycastle.bcpg.HashAlgorithmTags
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags
import org.bouncycastle.bcpg.PublicKeyPacket
import org.bouncycastle.crypto.AsymmetricCipherKeyPair
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters
import org.bouncycastle.openpgp.PGPKeyRingGenerator
import org.bouncycastle.openpgp.PGPSignature
import org.bouncycastle.openpgp.PGPSignatureGenerator
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair

// Two Ed25519 keys from fixed seeds and a fixed creation time, so their fingerprints are known to the pom:
// the producer's (trusted) and a stranger's. Throw-away keys for this test only.
def key = { int fill, String userId ->
  byte[] seed = new byte[32]
  Arrays.fill(seed, (byte) fill)
  def secret = new Ed25519PrivateKeyParameters(seed, 0)
  def pair = new BcPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.EDDSA_LEGACY,
      new AsymmetricCipherKeyPair(secret.generatePublicKey(), secret), new Date(1767225600000L))
  def rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
      new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), null, null,
      new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256), null)
  [pair: pair, ring: rings.generatePublicKeyRing()]
}
def producer = key(0x11, 'VeriRegime IT producer <producer@example.com>')
def stranger = key(0x22, 'Stranger <stranger@example.com>')
assert org.bouncycastle.util.encoders.Hex.toHexString(producer.pair.publicKey.fingerprint).toUpperCase() ==
    '0934F461CA2207C31F99B6AC45DE6B2230ECDA6A' : 'the fingerprint the pom trusts'

// the consumer's keyring holds the producer's public key only (gpg --export --armor FINGERPRINT)
new File(basedir, 'trusted-keys.asc').withOutputStream { out ->
  def armored = new ArmoredOutputStream(out)
  producer.ring.encode(armored)
  armored.close()
}

// a detached armored signature, as maven-gpg-plugin writes it beside each artifact
def sign = { byte[] bytes, signer, File asc ->
  def generator = new PGPSignatureGenerator(
      new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256), signer.pair.publicKey)
  generator.init(PGPSignature.BINARY_DOCUMENT, signer.pair.privateKey)
  generator.update(bytes)
  asc.withOutputStream { out ->
    def armored = new ArmoredOutputStream(out)
    generator.generate().encode(armored)
    armored.close()
  }
}
def original = new File(localRepositoryPath, 'io/veriregime/it/install-bundle/1.0/install-bundle-1.0.zip').bytes
def install = { String artifactId, byte[] bytes ->
  def zip = new File(localRepositoryPath, "io/veriregime/it/$artifactId/1.0/$artifactId-1.0.zip")
  zip.parentFile.mkdirs()
  zip.bytes = bytes
  new File(zip.path + '.asc')
}

sign(original, producer, install('signed-bundle', original))
sign(original, stranger, install('wrongly-signed-bundle', original))
byte[] changed = original.clone()
changed[changed.length.intdiv(2)] ^= 1
sign(original, producer, install('signed-tampered-bundle', changed)) // signed, then one bit changed
install('unsigned-bundle', original)
sign(original, producer, install('repinned-bundle', original))
// a pin this project took earlier, of bytes that are no longer the ones published
new File(basedir, 'veriregime-bundles.lock').text = 'io.veriregime.it:repinned-bundle:zip:1.0 ' + '0' * 64 + '\n'
return true
