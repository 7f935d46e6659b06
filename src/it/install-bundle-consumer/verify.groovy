def log = new File(basedir, 'build.log').text
def verified = log.readLines().findAll { it.contains('verify-proof: 1 of 1 proofs verified with ezkl 23.0.5') }
assert verified.size() == 2 : 'the bundle and its classified attachments were both verified'
assert verified.any { it.contains('install-bundle-1.0.zip') } && verified.any { it.contains('install-bundle-1.0-proofs.zip') }
assert log.contains('verify-proof: proofs/sample-0/proof.json verified')
assert log.contains('verify-proof: INSECURE') : 'a development SRS is called insecure wherever it is used'
return true
