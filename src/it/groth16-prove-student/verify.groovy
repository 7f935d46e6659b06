import groovy.json.JsonSlurper

def root = new File(basedir, 'target/veriregime')
def json = { String path -> new JsonSlurper().parse(new File(root, path)) }
def proving = json('zk/prove/proving.json')
assert proving.verified == true : 'every student proof must verify'
assert proving.backend == 'groth16' && proving.groth16 == '0.7.6'
assert proving.srs.kind == 'file' && proving.srs.secure == false && proving.srs.warning.startsWith('INSECURE')
def student = proving.student
assert student.prove.rounds == 2
assert student.proofBytes == 256 && student.vkBytes > 0 && student.pkBytes > student.vkBytes
assert student.logrows >= 8 && student.rows > 0 : 'powers-of-tau power and constraints recorded'
assert student.maxAbsError < 0.5 : "circuit outputs follow the float model (max abs error ${student.maxAbsError})"
assert proving.tamperedProofsRejected.changedOutput && proving.tamperedProofsRejected.changedInput && proving.tamperedProofsRejected.changedProofPoint
assert proving.evm == null : 'zk.evm is off (evm-verifies-proofs covers it)'
def compile = json('zk/compile/compile.json')
assert compile.backend == 'groth16' && compile.teacher == null
// the cost in Groth16's own terms: constraints, no one weight scale, each hidden layer's range-check width
assert compile.student.rowsAre == 'constraints' && compile.student.paramScale == null
assert compile.student.layerBits*.type == ['square', 'square'] && compile.student.layerBits.every { it.bits > 0 }
['zk/compile/student.onnx', 'zk/compile/circuit.r1cs', 'zk/compile/constraints.json', 'zk/compile/circuit.zkey',
 'zk/compile/verification_key.json', 'zk/compile/model/model.json', 'zk/prove/sample-0/proof.json',
 'zk/prove/sample-0/witness.wtns'].each { assert new File(root, it).length() > 0 : "$it written" }
assert json('zk/prove/manifest.json').tools.groth16 == '0.7.6'
def repo = new File(localRepositoryPath, 'io/veriregime/it/groth16-prove-student/1.0')
def artifact = { String suffix -> new File(repo, "groth16-prove-student-1.0${suffix}") }
['.zip', '-model.onnx', '-vk.json', '-proofs.zip'].each { assert artifact(it).length() > 0 : "groth16-prove-student-1.0$it installed" }
assert !artifact('-srs.ptau').exists() && !artifact('-zkey.zkey').exists() : 'no setup material or proving key attached'
def zip = new java.util.zip.ZipFile(artifact('.zip'))
def names = zip.entries().collect { it.name }
['circuit/circuit.r1cs', 'circuit/constraints.json', 'circuit/verification_key.json', 'proofs/sample-0/proof.json',
 'proofs/sample-1/proof.json', 'manifests/zk-prove.json',
 // what a consumer compiles the circuit again from and checks each proof's public signals against
 'circuit/model/model.json', 'circuit/calibration.npy', 'proofs/sample-0/input.json'].each { assert names.contains(it) : "$it in the bundle" }
assert !names.contains('circuit/circuit.zkey') : 'the proving key only with bundle.includeProvingKey'
def provenance = new JsonSlurper().parse(zip.getInputStream(zip.getEntry('provenance.json')))
zip.close()
assert provenance.format == 2 && provenance.circuit.backend == 'groth16' && provenance.tools.groth16 == '0.7.6'
assert provenance.circuit.verifying.vk == 'circuit/verification_key.json'
assert provenance.srs.secure == false && provenance.srsEntry == null : 'the keys were made from the development ptau, which stays out'
def log = new File(basedir, 'build.log').text
assert log =~ /snarkjs groth16 prove: [0-9.]+ s/ : 'each snarkjs step is logged with its timing'
return true
