import groovy.json.JsonSlurper
import java.nio.ByteBuffer
import java.nio.ByteOrder

def root = new File(basedir, 'target/veriregime')
def json = { String path -> new JsonSlurper().parse(new File(root, path)) }
def dataset = json('data/dataset.json')
int testSize = dataset.splits.test.windows

/** float32 values of a C-order little-endian .npy */
def npyFloats = { File file ->
  def bytes = file.bytes
  int headerLength = (bytes[8] & 0xff) | ((bytes[9] & 0xff) << 8)
  def buffer = ByteBuffer.wrap(bytes, 10 + headerLength, bytes.length - 10 - headerLength).order(ByteOrder.LITTLE_ENDIAN)
  def values = new float[buffer.remaining() / 4]
  buffer.asFloatBuffer().get(values)
  values
}

def checkScores = { String what, scores, int samples ->
  ['accuracy', 'macroF1', 'balancedAccuracy'].each { key ->
    assert scores[key] >= 0 && scores[key] <= 1 : "$what $key ${scores[key]} outside [0, 1]"
    assert scores.majorityBaseline[key] >= 0 && scores.majorityBaseline[key] <= 1
  }
  assert scores.confusion.flatten().sum() == samples : "$what confusion matrix must count every sample"
  assert scores.samples == samples
}

def checkModel = { String dir ->
  def metrics = json("$dir/metrics.json")
  checkScores("$dir test", metrics.test, testSize)
  checkScores("$dir validation", metrics.validation, dataset.splits.validation.windows as int)
  def logits = npyFloats(new File(root, "$dir/test.logits.npy"))
  assert logits.length == testSize * 3
  for (int i = 0; i < testSize; i++) {
    double max = [logits[3 * i], logits[3 * i + 1], logits[3 * i + 2]].max()
    double[] e = (0..2).collect { Math.exp(logits[3 * i + it] - max) } as double[]
    double sum = e.sum()
    double probabilities = e.collect { it / sum }.sum()
    assert Double.isFinite(sum) && Math.abs(probabilities - 1d) < 1e-6 : "$dir sample $i: softmax must sum to 1"
  }
  assert new File(root, "$dir/model.json").isFile()
}

checkModel('teacher/model')
checkModel('distill/baseline')
checkModel('distill/distilled')

def curves = json('teacher/model/curves.json')
assert curves.epochs.size() >= 1 && curves.epochs.size() <= 3

def summary = json('distill/summary.json')
assert summary.grid.size() == 2 : 'temperature [2, 4] x alpha 0.7 is a grid of two'
['data', 'teacher', 'distill'].each { assert json("$it/manifest.json").stage }

def log = new File(basedir, 'build.log').text
assert log =~ /epoch 1\/3/ : 'one progress line per epoch'
// a normal build's log is quiet: no SLF4J fallback notice, libtorch's own notice only at debug
assert !log.contains('No SLF4J providers') : 'the child JVM has an SLF4J provider'
assert !(log =~ /\[WARNING\].*AutoNonVariableTypeMode/) : "libtorch's deprecation notice is not a warning"
return true
