import groovy.json.JsonSlurper

def data = new File(basedir, 'target/veriregime/data')
def dataset = new JsonSlurper().parse(new File(data, 'dataset.json'))
assert dataset.rows == 44640 : "January 2024 has 44,640 one-minute klines, got ${dataset.rows}"
assert dataset.features.size() == 8
assert dataset.gaps.count == 0
['train', 'validation', 'test'].each { assert dataset.splits[it].windows > 0 }
['train', 'validation', 'test'].each { split ->
  assert new File(data, "${split}.features.npy").length() > 0
  assert new File(data, "${split}.labels.npy").length() > 0
}
def manifest = new JsonSlurper().parse(new File(data, 'manifest.json'))
assert manifest.stage == 'fetch-data'
assert manifest.outputs['dataset.json'] ==~ /[0-9a-f]{64}/
assert new File(basedir, 'target/veriregime/effective-experiment.json').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD SUCCESS')
return true
