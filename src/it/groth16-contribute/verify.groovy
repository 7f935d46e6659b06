import groovy.json.JsonSlurper

def producer = new File(basedir, '../groth16-prove-student/target/veriregime/zk/compile')
// an execution of its own (id contribute) writes beside the default output directory: target/veriregime-contribute
def out = new File(basedir, 'target/veriregime-contribute/contribute')
def zkey = new File(out, 'circuit.zkey')
assert zkey.length() > 0 : 'the contributed proving key is written'
assert zkey.bytes != new File(producer, 'circuit.zkey').bytes : 'the contribution changes the proving key'
def json = { File file -> new JsonSlurper().parse(file) }
def contributed = json(new File(out, 'verification_key.json'))
def original = json(new File(producer, 'verification_key.json'))
assert contributed.vk_delta_2 != original.vk_delta_2 : 'the contribution moves delta'
assert contributed.IC == original.IC && contributed.nPublic == original.nPublic : 'the circuit part of the key stays'
def log = new File(basedir, 'build.log').text
assert log.contains("contributed to as 'IT second party' with fresh entropy")
assert log =~ /snarkjs zkey verify: [0-9.]+ s/ : 'the key was checked against the circuit before the contribution'
return true
