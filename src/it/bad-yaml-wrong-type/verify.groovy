def log = new File(basedir, 'build.log').text
assert log.contains("experiment.yaml:5:3: teacher.epochs: expected a whole number, got 'ten'. Write a whole number.")
assert !new File(basedir, 'target/veriregime/data/manifest.json').exists()
return true
