import java.util.zip.ZipFile

def repo = new File(localRepositoryPath, 'io/veriregime/it/install-bundle/1.0')
def artifact = { String suffix -> new File(repo, "install-bundle-1.0${suffix}") }
['.zip', '.pom', '-model.onnx', '-settings.json', '-vk.key', '-proofs.zip', '-srs.srs'].each {
  assert artifact(it).length() > 0 : "install-bundle-1.0$it installed"
}
assert !artifact('-pk.key').exists() : 'the proving key is attached only with bundle.includeProvingKey'

def zip = new ZipFile(artifact('.zip'))
def names = zip.entries().collect { it.name }
assert names == names.sort(false) : 'entries in name order'
['provenance.json', 'model/student.onnx', 'circuit/settings.json', 'circuit/model.compiled', 'circuit/vk.key',
 'circuit/kzg.srs', 'proofs/proving.json', 'proofs/sample-0/input.json', 'proofs/sample-0/witness.json',
 'proofs/sample-0/proof.json', 'manifests/fetch-data.json', 'manifests/train-teacher.json', 'manifests/distill.json',
 'manifests/zk-compile.json', 'manifests/zk-prove.json'].each { assert names.contains(it) : "$it in the bundle" }
assert !names.contains('circuit/pk.key')
assert !names.any { it.startsWith('proofs/tamper') } : 'the deliberately tampered proofs are not bundled'
// project.build.outputTimestamp on every entry, whatever the time zone
assert zip.entries().every { it.timeLocal.toString() == '2026-02-03T04:05:06' }
def provenance = new groovy.json.JsonSlurper().parse(zip.getInputStream(zip.getEntry('provenance.json')))
assert provenance.format == 2 && provenance.tools.ezkl == '23.0.5' && provenance.timestamp == '2026-02-03T04:05:06Z'
assert provenance.proofs == ['proofs/sample-0/proof.json']
assert provenance.srs.secure == false && provenance.srsEntry == 'circuit/kzg.srs' && !provenance.provingKeyIncluded
assert provenance.files['circuit/vk.key'] ==~ /[0-9a-f]{64}/
zip.close()
def log = new File(basedir, 'build.log').text
assert log.contains('--- install:3.2.0:install') : 'the packaging binds the pinned install plugin'
return true
