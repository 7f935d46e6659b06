import groovy.json.JsonSlurper
import java.security.MessageDigest

def root = new File(basedir, 'target/veriregime')
def json = { String path -> new JsonSlurper().parse(new File(root, path)) }
def sha256 = { File file -> MessageDigest.getInstance('SHA-256').digest(file.bytes).encodeHex().toString() }

def selection = json('optimize/selection.json')
assert selection.skipped == false
assert selection.metric == 'macro-f1' && selection.maxDrop == 0.03
assert selection.candidates*.name == ['distilled', 'relu', 'poly2', 'relu-fit']
selection.candidates.each { candidate ->
  assert candidate.failure == null : "${candidate.name}: ${candidate.failure}"
  assert candidate.cost.rows > 0 && candidate.cost.logrows > 0
  // EZKL's circuit in its own terms: Halo2 rows, one param scale, no widths per layer
  assert candidate.cost.rowsAre == 'rows' && candidate.cost.paramScale > 0 && candidate.cost.layerBits == []
  assert sha256(new File(root, "optimize/${candidate.onnx}")) == candidate.onnxSha256
}
def chosen = selection.candidates.find { it.name == selection.chosen }
assert chosen != null && chosen.validationDrop <= selection.maxDrop
assert selection.reason
assert json('optimize/manifest.json').stage == 'optimize'
assert new File(root, 'optimize/student/model.json').text == new File(root, "optimize/${chosen.directory}/model.json").text

// zk-compile proves the chosen student: the ONNX it exported is the one optimize measured
assert sha256(new File(root, 'zk/compile/student.onnx')) == chosen.onnxSha256
assert json('zk/compile/compile.json').student.rows == chosen.cost.rows
assert json('zk/compile/compile.json').student.rowsAre == chosen.cost.rowsAre
def log = new File(basedir, 'build.log').text
assert log.contains('optimize: chose ' + chosen.name)
return true
