// build.log holds the three invocations in order: build, skip, rebuild after a changed value
def log = new File(basedir, 'build.log').text
def built = log.indexOf('windows (train/validation/test)')
def skipped = log.indexOf('fetch-data: up to date')
def changed = log.indexOf('fetch-data: inputs or configuration changed since the last run')
assert built >= 0 : 'the first run builds the dataset'
assert skipped > built : 'the second run, with nothing changed, is skipped as up to date'
assert changed > skipped : 'the third run notices the changed horizon'
assert log.indexOf('windows (train/validation/test)', changed) > changed : 'and builds again'
assert log.count('fetch-data: up to date') == 1
def manifest = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/veriregime/data/manifest.json'))
assert manifest.stage == 'fetch-data'
def dataset = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/veriregime/data/dataset.json'))
assert dataset.horizon == 10
return true
