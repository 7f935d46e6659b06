def log = new File(basedir, 'build.log').text
assert log.contains('proofs/sample-0/proof.json did not verify') : 'the verifier ran and rejected the altered proof'
assert log.contains('proofs/sample-0/proof.json differs from the file the bundle was built with')
assert log.contains('Do not use this bundle')
assert !log.contains('proofs verified with') : 'nothing is reported verified'
return true
