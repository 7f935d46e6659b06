import groovy.json.JsonSlurper

def root = new File(basedir, 'target/veriregime')
def proving = new JsonSlurper().parse(new File(root, 'zk/prove/proving.json'))
assert proving.verified == true : 'every proof verified'
def student = proving.student
assert student.rounds*.sample == (0..15).toList() : "proofs in window order: ${student.rounds*.sample}"
assert student.rounds.every { it.verified && it.argmaxAgrees }
(0..15).each { assert new File(root, "zk/prove/sample-$it/proof.json").length() > 0 }
assert !new File(root, 'zk/prove/.shares').exists() : 'no attempt left in the layout'
def farm = student.throughput.farm
assert farm.engine == 'spark' && farm.executors == 2 && farm.shares.size() == 4
def log = new File(basedir, 'build.log').text
assert log.contains('spark: connecting to local[2,2]')
assert log =~ /zk-prove: student proofs: samples-\d+-\d+ finished in .* s; 4\/4 done/
// Spark's Hadoop shutdown hook runs after Maven closed the plugin's classes: it must not print a stack trace
assert !log.contains('Exception in thread') && !log.contains('NoClassDefFoundError') : 'no stack trace at the user'
// Spark and what only it brings never reach the training child JVM
assert log =~ /VeriRegime: \d+ jars of the engine module \(io.veriregime:veriregime-spark and what it brings\) stay out of the stages' child JVMs/
