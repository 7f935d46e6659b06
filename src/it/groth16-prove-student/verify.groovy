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
assert proving.tamperedProofsRejected.changedOutput && proving.tamperedProofsRejected.changedProofPoint
assert proving.evm == null : 'zk.evm is off (evm-verifies-proofs covers it)'
def compile = json('zk/compile/compile.json')
assert compile.backend == 'groth16' && compile.teacher == null
['zk/compile/student.onnx', 'zk/compile/circuit.r1cs', 'zk/compile/constraints.json', 'zk/compile/circuit.zkey',
 'zk/compile/verification_key.json', 'zk/compile/model/model.json', 'zk/prove/sample-0/proof.json',
 'zk/prove/sample-0/witness.wtns'].each { assert new File(root, it).length() > 0 : "$it written" }
assert json('zk/prove/manifest.json').tools.groth16 == '0.7.6'
def log = new File(basedir, 'build.log').text
assert log =~ /snarkjs groth16 prove: [0-9.]+ s/ : 'each snarkjs step is logged with its timing'
return true
