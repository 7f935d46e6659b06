def log = new File(basedir, 'build.log').text
def verified = log.readLines().findAll { it.contains('verify-proof: 2 of 2 proofs verified with groth16 0.7.6') }
assert verified.size() == 2 : 'the bundle and its classified attachments were both verified with the bundle\'s backend'
assert verified.any { it.contains('groth16-prove-student-1.0.zip') }
assert verified.any { it.contains('groth16-prove-student-1.0-proofs.zip') }
assert verified.any { it.contains('groth16-prove-student-1.0.zip') && it.contains('model/ compiled again to circuit.r1cs byte for byte') } : 'the whole bundle carries the compiled student, so its circuit is compiled again'
assert log.contains('verify-proof: proofs/sample-1/proof.json verified')
assert log.contains('verify-proof: INSECURE') : 'keys made from the development powers of tau are called insecure wherever they are used'
return true
