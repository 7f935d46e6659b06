import groovy.json.JsonSlurper

def root = new File(basedir, 'target/veriregime')
def json = { String path -> new JsonSlurper().parse(new File(root, path)) }
def ezkl = json('zk/prove/proving.json')
def groth16 = json('zk/compared/groth16/prove/proving.json')
assert ezkl.backend == 'ezkl' : 'the first of zk.backends is the primary backend, in zk/prove'
assert groth16.backend == 'groth16' : 'the other one proves the same student in zk/compared/groth16'
[ezkl, groth16].each { proving ->
  assert proving.verified == true
  def onChain = proving.evm.onChain
  assert onChain.accepted == true : "${proving.backend}'s contract accepts the real proof"
  assert onChain.tamperedRejected == true : "${proving.backend}'s contract rejects a changed output"
  assert onChain.verifyGas > 21000 && onChain.deploymentGas > onChain.verifyGas
  assert onChain.deployedBytes > 0 && onChain.solc.startsWith('0.8.') && onChain.hardfork == 'prague'
}
assert new File(root, 'zk/prove/Verifier.sol').length() > 0
assert new File(root, 'zk/compared/groth16/prove/Groth16Verifier.sol').length() > 0
assert json('zk/compared/groth16/prove/manifest.json').stage == 'zk-prove'
def log = new File(basedir, 'build.log').text
assert (log =~ /EVM verifier: [0-9,]+ bytes deployed.*verifyProof [0-9,]+ gas; the (last output|first output or the last input) changed rejected/).size() == 2 :
    'each backend logs its verifier on the EVM'
assert log.contains('proving the student with groth16 too')
return true
