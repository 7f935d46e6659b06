import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def message = ~/1 of 9 gates missed[^\n]*\n\s*- maxProveSeconds: threshold <= 0\.001 s, measured [0-9.]+ s \(zk\/prove\/proving\.json: student\.prove\.meanSeconds\)/
assert log =~ message : 'the failure names the gate, its threshold, the measured value and where it comes from'
assert log.contains('report: up to date, skipping') : 'the second build found the report up to date'
assert (log =~ /1 of 9 gates missed/).count >= 2 : 'and still failed on the gate'
// the second build: every stage skipped as up to date, the gates evaluated again all the same
['fetch-data', 'train-teacher', 'distill', 'optimize', 'zk-compile', 'zk-prove', 'report'].each { stage ->
  assert log.contains("${stage}: up to date, skipping") : "the second build found ${stage} up to date"
}
// a child JVM is started only for a stage that runs: the second build starts none for train-teacher or distill
def secondBuild = log.substring(log.indexOf('1 of 9 gates missed'))
['train-teacher', 'distill'].each { stage ->
  assert log.contains("${stage}: running in a child JVM of its own") : "the first build trained ${stage} in a child JVM"
  assert !secondBuild.contains("${stage}: running in a child JVM of its own") : "no child JVM to find ${stage} up to date"
}
def junit = new File(basedir, 'target/veriregime/report/TEST-veriregime-gates.xml').text
assert junit.contains('failures="1"') && junit.contains('<failure type="gate"')
def report = new JsonSlurper().parse(new File(basedir, 'target/veriregime/report/report.json'))
assert report.gates.find { it.name == 'maxProveSeconds' }.passed == false
return true
