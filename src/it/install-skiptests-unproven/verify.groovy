import groovy.json.JsonSlurper
import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
// build.log holds the four invocations in order: install, deploy refused, deploy allowed, verify-proof refused
def install = log.substring(0, log.indexOf('BUILD SUCCESS'))

assert install.contains('VeriRegime zk-prove skipped (skipTests)')
// one clear warning about what skipping proving means
def skipWarnings = install.readLines().findAll { it.startsWith('[WARNING]') && it.contains('skipped') }
assert skipWarnings.size() == 1 : skipWarnings
assert skipWarnings[0].contains('proving was skipped: -DskipTests, so 4 gates that need proofs are skipped, not passed')
// the judged gates one line each, value against threshold
assert install =~ /report: gate passed: minTeacherBalancedAccuracy: threshold >= 0\.3400, measured 0\.[0-9]{4}/
assert install.contains('report: 5 of 9 gates passed, 4 skipped')
assert install.contains('UNPROVEN: proving was skipped: -DskipTests')
assert !new File(basedir, 'target/veriregime/zk/prove/manifest.json').exists()

def report = new JsonSlurper().parse(new File(basedir, 'target/veriregime/report/report.json'))
assert report.gates.findAll { it.skipped }*.name == ['maxProveSeconds', 'maxProofBytes', 'maxPeakMemory', 'requireVerified']
assert report.gates.findAll { it.skipped }.every { !it.passed }
def junit = new File(basedir, 'target/veriregime/report/TEST-veriregime-gates.xml').text
assert junit.contains('skipped="4"') && junit.contains('failures="0"') && junit.contains('<skipped message="proving was skipped: -DskipTests"/>')

// installed, marked unproven in its provenance
def installed = new File(localRepositoryPath, 'io/veriregime/it/install-skiptests-unproven/1.0/install-skiptests-unproven-1.0.zip')
def zip = new ZipFile(installed)
def provenance = new JsonSlurper().parse(zip.getInputStream(zip.getEntry('provenance.json')))
assert provenance.unproven == 'proving was skipped: -DskipTests' && provenance.proofs == []
assert !zip.entries().any { it.name.startsWith('proofs/') }
zip.close()

// deploy: refused, then allowed with the explicit switch
assert log.contains('Deploy stops: the main bundle is unproven (proving was skipped: -DskipTests)')
assert log.contains('-Dveriregime.deployUnproven=true to publish it unproven all the same')
assert log.contains('Deploying the main bundle unproven (proving was skipped: -DskipTests) because veriregime.deployUnproven is true')
assert new File(basedir, 'target/remote-repo/io/veriregime/it/install-skiptests-unproven/1.0/install-skiptests-unproven-1.0.zip').isFile()

// a consumer's check refuses it with a message, not a stack trace
assert log.contains('is an unproven bundle (proving was skipped: -DskipTests when it was built): it holds no proofs to verify')
return true
