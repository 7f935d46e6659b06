def log = new File(basedir, 'build.log').text
def producer = '0934F461CA2207C31F99B6AC45DE6B2230ECDA6A'
def expected = "expected a signature by the trusted key [$producer]"

// 1: signed by the trusted key, verified, pinned, and the log says what that shows and what it does not
assert log.contains("verify-proof: io.veriregime.it:signed-bundle:zip:1.0 signed by $producer"
    + ' (VeriRegime IT producer <producer@example.com>), a key this build trusts')
assert log.readLines().count { it.contains('verify-proof: 1 of 1 proofs verified with ezkl 23.0.5') } == 1 :
    'only the bundle signed by the trusted key is reported verified'
assert log.contains('verify-proof: pinned io.veriregime.it:signed-bundle:zip:1.0 in')
assert log.contains('what this shows:') && log.contains('Not shown:')
assert !log.contains('is only self-consistent') : 'a trusted signature says who published it'
def sha256 = java.security.MessageDigest.getInstance('SHA-256')
    .digest(new File(localRepositoryPath, 'io/veriregime/it/signed-bundle/1.0/signed-bundle-1.0.zip').bytes)
    .collect { String.format('%02x', it) }.join()
assert new File(basedir, 'veriregime-bundles.lock').text.contains("io.veriregime.it:signed-bundle:zip:1.0 $sha256")

// 2: another key
assert log.contains('verify-proof: io.veriregime.it:wrongly-signed-bundle:zip:1.0 is signed by key ')
assert log.contains("trusted-keys.asc; $expected")
// 3: a byte changed after signing
assert log.contains('verify-proof: io.veriregime.it:signed-tampered-bundle:zip:1.0 (')
assert log.contains("does not match its signature by $producer")
// 4: no .asc
assert log.contains("verify-proof: io.veriregime.it:unsigned-bundle:zip:1.0 has no signature: $expected")
// 5: bytes other than the pinned ones
assert log.contains("pins it to ${'0' * 64}")
assert log.contains('update the pin deliberately with -Dveriregime.verify.updatePins=true')
return true
