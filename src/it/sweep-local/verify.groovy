import groovy.json.JsonSlurper

// the goal is bound in an execution of its own (id sweep), which writes to target/veriregime-<id>
def sweep = new File(basedir, 'target/veriregime-sweep/sweep')
def summary = new JsonSlurper().parse(new File(sweep, 'summary.json'))
assert summary.schemaVersion == 1 && summary.experiment == 'sweep-local'
assert summary.variants*.id == ['activation-square', 'activation-relu'] : "variant ids: ${summary.variants*.id}"
summary.variants.each { variant ->
  assert variant.verified && variant.proofs == 2 && variant.backend == 'groth16' && variant.rows > 0
  assert variant.rowsAre == 'constraints'
  assert new File(sweep, "${variant.directory}/zk/prove/sample-1/proof.json").length() > 0 : "${variant.id} proved into today's layout"
  assert new File(sweep, "${variant.directory}/report/report.json").length() > 0
}
assert summary.variants[0].sharedFrom == [:]
assert summary.variants[1].sharedFrom == ['fetch-data': 'activation-square', 'train-teacher': 'activation-square'] :
    "the data and the teacher are made once: ${summary.variants[1].sharedFrom}"
assert summary.chosen in summary.variants*.id && summary.reason.contains('validation')
def page = new File(sweep, 'report.html').text
assert page.contains('id="prove-time"') && page.contains('id="circuit-size"') && page.contains('(chosen)')
def log = new File(basedir, 'build.log').text
assert log.contains('sweep: 2 variant(s) of sweep-local')
assert log.contains('sweep: activation-relu started on') && log =~ /sweep: activation-square finished in .* s; 1\/2 done in .*, about .* left/
assert (log =~ /train-teacher: up to date, skipping/).count == 1 : 'the teacher trained once, checked before its second use'
assert !log.contains('\tat io.veriregime') : 'no stack trace at a user'
