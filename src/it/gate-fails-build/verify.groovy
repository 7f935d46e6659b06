import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def message = ~/1 of 9 gates missed[^\n]*\n\s*- maxProveSeconds: threshold <= 0\.001 s, measured [0-9.]+ s \(zk\/prove\/proving\.json: student\.prove\.meanSeconds\)/
assert log =~ message : 'the failure names the gate, its threshold, the measured value and where it comes from'
assert log.contains('report: up to date, skipping') : 'the second build found the report up to date'
assert (log =~ /1 of 9 gates missed/).count >= 2 : 'and still failed on the gate'
assert log.contains('zk-prove: up to date, skipping')
def junit = new File(basedir, 'target/veriregime/report/TEST-veriregime-gates.xml').text
assert junit.contains('failures="1"') && junit.contains('<failure type="gate"')
def report = new JsonSlurper().parse(new File(basedir, 'target/veriregime/report/report.json'))
assert report.gates.find { it.name == 'maxProveSeconds' }.passed == false
return true
