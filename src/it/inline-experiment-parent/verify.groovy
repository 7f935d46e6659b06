import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def effective = { String dir -> new JsonSlurper().parse(new File(basedir, "signals/target/${dir}/effective-experiment.json")) }

// the default executions: the parent's part, the module's part, a pom property and the command line
def main = effective('veriregime')
assert main.file == new File(basedir, 'signals/pom.xml').canonicalPath : 'the experiment is the pom itself'
def experiment = main.experiment
assert experiment.name == 'signals' && experiment.seed == 11                        // module, parent
assert experiment.data.window == 16 && experiment.data.start == '2024-01-01'         // module and parent in one section
assert experiment.student.hidden == [16, 8] && experiment.student.activation == 'square'
assert experiment.gates.minRetention == 0.5 && experiment.zk.samples == 1            // parent
assert experiment.distill.temperature == [2.0]                                       // the parent's pom property
assert experiment.teacher.epochs == 1 : 'the command line wins over the module inline value 2'

// the execution of its own: the same merged experiment with its own values, in its own directory
def relu = effective('veriregime-relu').experiment
assert relu.name == 'signals-relu' && relu.student.activation == 'relu'
assert relu.data.window == 16 && relu.gates.minRetention == 0.5 && relu.teacher.epochs == 1
assert new File(basedir, 'signals/target/veriregime-relu/bundle/signals-relu.zip').isFile()

// both installed side by side: the main artifact, and the execution's bundle and files under its classifier
def repo = new File(localRepositoryPath, 'io/veriregime/it/signals/1.0')
['signals-1.0.zip', 'signals-1.0-model.onnx', 'signals-1.0-relu.zip', 'signals-1.0-relu-model.onnx',
 'signals-1.0-relu-vk.key'].each { assert new File(repo, it).isFile() : "$it installed" }

// a misspelt key in a pom's inline experiment: one message naming the pom, the key and the fix
def misspelt = new File(basedir, 'misspelt/pom.xml').canonicalPath
assert log.contains("${misspelt}:<inlineExperiment>: teacher.epoch: unknown key") : 'names the pom and the key'
assert log.contains("Did you mean 'epochs'?")
return true
