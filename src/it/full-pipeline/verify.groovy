import groovy.json.JsonSlurper

def root = new File(basedir, 'target/veriregime')
def report = new JsonSlurper().parse(new File(root, 'report/report.json'))
assert report.schemaVersion == 1
assert report.absent == [] : "every stage ran: ${report.absent}"
['data', 'models', 'distillation', 'zk', 'candidates', 'gates', 'provenance'].each {
  assert report[it] != null : "report.json has its $it section"
}
assert report.data.splits.keySet() == ['test', 'train', 'validation'] as Set
assert report.models.teacher.metrics.test.majorityBaseline.accuracy > 0
assert report.zk.proving.verified == true : 'every student proof verified'
assert report.zk.proving.student.prove.rounds == 2
assert report.gates.size() == 9 && report.gates.every { it.passed && it.measured != null } : "gates evaluated: ${report.gates}"
assert report.provenance.srs.development == true
assert report.candidates.size() == 1 && report.candidates[0].paretoOptimal
def html = new File(root, 'report/report.html').text
assert html.contains('data:image/png;base64,') && !html.contains('https://')
assert new File(root, 'report/summary.md').text.startsWith('## VeriRegime: 9 of 9 gates passed')
assert new File(root, 'report/TEST-veriregime-gates.xml').text.contains('tests="9" failures="0"')
def log = new File(basedir, 'build.log').text
assert log.contains('report: all 9 gates passed')
assert log.contains('report: WARNING: INSECURE')
return true
