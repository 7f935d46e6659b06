def log = new File(basedir, 'build.log').text
assert log.contains("-Dveriregime.Gates.minRetention (an override, not in experiment.yaml): Gates: unknown key. Did you mean 'gates'?")
assert !log.contains('experiment.yaml:') : 'the file is not blamed for the command line'
assert !new File(basedir, 'target/veriregime/data/manifest.json').exists()
return true
