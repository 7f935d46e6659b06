def log = new File(basedir, 'build.log').text
assert log.contains("'report/padding.bin' inflates to more than 100 times its compressed size (a zip bomb)")
assert log.contains("past VeriRegime's limit on a bundle's compression ratio")
def work = new File(basedir, 'target/veriregime/verify-proof/io.veriregime.it_bomb-bundle_1.0')
long written = 0
// refused before unpacking may leave no work directory at all: that is nothing written
if (work.exists()) work.eachFileRecurse { if (it.isFile()) written += it.length() }
assert written < 4 * 1024 * 1024 : "nothing near the bomb's size was written ($written bytes)"
return true
