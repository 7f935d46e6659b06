// build.log holds both invocations in order: build, then a forced rebuild with nothing changed
def log = new File(basedir, 'build.log').text
def built = log.indexOf('windows (train/validation/test)')
def forced = log.indexOf('fetch-data: running (veriregime.force)')
assert built >= 0 : 'the first run builds the dataset'
assert forced > built : 'the second run says it runs because of veriregime.force'
assert log.indexOf('windows (train/validation/test)', forced) > forced : 'and builds the dataset again'
assert !log.contains('fetch-data: up to date') : 'a forced stage is never skipped as up to date'
assert new groovy.json.JsonSlurper().parse(new File(basedir, 'target/veriregime/data/manifest.json')).stage == 'fetch-data'
return true
