import groovy.json.JsonSlurper

def root = new File(basedir, 'target/veriregime')
def json = { String path -> new JsonSlurper().parse(new File(root, path)) }
def proving = json('zk/prove/proving.json')
assert proving.verified == true : 'every student proof must verify'
assert proving.ezkl == '23.0.5'
assert proving.srs.kind == 'generated' && proving.srs.secure == false && proving.srs.warning.startsWith('INSECURE')
def student = proving.student
assert student.prove.rounds == 2 && student.prove.seconds.size() == 2
['setup', 'witness', 'prove', 'verify'].each { step ->
  assert student[step].meanSeconds > 0 : "$step time recorded"
  assert student[step].standardErrorSeconds >= 0
}
assert student.proofBytes > 0 && student.vkBytes > 0 && student.pkBytes > 0
assert student.logrows >= 8 && student.rows > 0
assert student.peakMemoryBytes > 10_000_000 : 'peak memory measured from the EZKL process'
assert student.argmaxAgreement >= 0 && student.argmaxAgreement <= 1
assert student.maxAbsError < 0.5 : "circuit outputs follow the float model (max abs error ${student.maxAbsError})"
assert proving.tamperedProofsRejected.flippedByte && proving.tamperedProofsRejected.changedOutput
['zk/compile/student.onnx', 'zk/compile/settings.json', 'zk/compile/model.compiled', 'zk/compile/vk.key',
 'zk/compile/pk.key', 'zk/prove/sample-0/proof.json'].each { assert new File(root, it).length() > 0 : "$it written" }
assert json('zk/prove/manifest.json').tools.ezkl == '23.0.5'
assert json('zk/compile/manifest.json').stage == 'zk-compile'
assert json('optimize/selection.json').skipped == true : 'optimize.skip: the distilled student is proved'
def log = new File(basedir, 'build.log').text
assert log =~ /ezkl prove-batch: [0-9.]+ s/ : 'each EZKL step is logged with its timing'
return true
