def log = new File(basedir, 'build.log').text
def verified = log.readLines().findAll { it.contains('verify-proof: 1 of 1 proofs verified with ezkl 23.0.5') }
assert verified.size() == 2 : 'the bundle and its classified attachments were both verified'
assert verified.any { it.contains('install-bundle-1.0.zip') } && verified.any { it.contains('install-bundle-1.0-proofs.zip') }
assert log.contains('verify-proof: proofs/sample-0/proof.json verified')
assert log.contains('verify-proof: INSECURE') : 'a development SRS is called insecure wherever it is used'
// no trusted key: each artifact read is pinned on first use, and each execution warns once that only pins and
// hashes stand behind the bundle (README, "Signatures and pins")
def lock = new File(basedir, 'veriregime-bundles.lock').text
['zip:1.0', 'zip:proofs:1.0', 'key:vk:1.0', 'json:settings:1.0', 'srs:srs:1.0', 'onnx:model:1.0'].each {
  assert lock =~ /(?m)^io\.veriregime\.it:install-bundle:${java.util.regex.Pattern.quote(it)} [0-9a-f]{64}$/ : "$it pinned"
}
assert log.readLines().count { it.contains('is only self-consistent') } == 2
return true
