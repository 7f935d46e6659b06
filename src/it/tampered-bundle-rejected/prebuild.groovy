import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.util.zip.ZipEntry
import java.util.zip.ZipFile
import java.util.zip.ZipOutputStream

// a copy of the installed bundle with one bit of the proof flipped, "installed" as io.veriregime.it:tampered-bundle:1.0
def original = new File(localRepositoryPath, 'io/veriregime/it/install-bundle/1.0/install-bundle-1.0.zip')
def target = new File(localRepositoryPath, 'io/veriregime/it/tampered-bundle/1.0/tampered-bundle-1.0.zip')
target.parentFile.mkdirs()
def zip = new ZipFile(original)
target.withOutputStream { out ->
  def copy = new ZipOutputStream(out)
  zip.entries().each { entry ->
    byte[] bytes = zip.getInputStream(entry).bytes
    if (entry.name == 'proofs/sample-0/proof.json') {
      def proof = new JsonSlurper().parse(bytes)
      int middle = proof.proof.size().intdiv(2)
      proof.proof[middle] = proof.proof[middle] ^ 1
      proof.hex_proof = null
      bytes = JsonOutput.toJson(proof).getBytes('UTF-8')
    }
    copy.putNextEntry(new ZipEntry(entry.name))
    copy.write(bytes)
    copy.closeEntry()
  }
  copy.finish()
}
zip.close()
return true
