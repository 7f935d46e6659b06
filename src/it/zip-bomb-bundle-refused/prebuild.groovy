import java.util.zip.ZipEntry
import java.util.zip.ZipOutputStream

// "installed" as io.veriregime.it:bomb-bundle:1.0: 512 MiB of zeros in about 0.5 MB, before a provenance
def target = new File(localRepositoryPath, 'io/veriregime/it/bomb-bundle/1.0/bomb-bundle-1.0.zip')
target.parentFile.mkdirs()
target.withOutputStream { out ->
  def zip = new ZipOutputStream(out)
  zip.putNextEntry(new ZipEntry('report/padding.bin'))
  byte[] block = new byte[1 << 20]
  512.times { zip.write(block) }
  zip.closeEntry()
  zip.putNextEntry(new ZipEntry('provenance.json'))
  zip.write('{"format": 2}'.getBytes('UTF-8'))
  zip.closeEntry()
  zip.finish()
}
return true
