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
// the teacher: estimated from EZKL's uncalibrated settings in seconds, over zk.budget.memory, so never calibrated
def teacher = json('zk/compile/compile.json').teacher
assert teacher.estimate.basis.startsWith('not calibrated: EZKL gen-settings') : teacher.estimate.basis
assert teacher.skipped.startsWith('estimated peak memory') && teacher.skipped.contains('exceeds zk.budget.memory 1g')
assert teacher.estimate.domainRows == (1L << teacher.logrows) && teacher.rows > 0 && teacher.setup == null
assert !new File(root, 'zk/teacher/settings.json').exists() && !new File(root, 'zk/teacher/model.compiled').exists()
assert proving.teacher.proved == false && proving.teacher.ratioIs == 'estimated'
def log = new File(basedir, 'build.log').text
assert !(log =~ /teacher circuit: logrows/) : 'the teacher is not calibrated'
assert log =~ /not calibrating, setting up or proving the teacher/
assert log =~ /ezkl prove-batch: [0-9.]+ s/ : 'each EZKL step is logged with its timing'
return true
