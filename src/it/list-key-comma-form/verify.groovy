def log = new File(basedir, 'build.log').text
assert log.contains("-Dveriregime.distill.temperature (an override, not in experiment.yaml): distill.temperature: '2,4' is one value with commas in it, not a list. Write a list in brackets: [2, 4] (on the command line -Dveriregime.distill.temperature=[2,4])")
assert !log.contains('expected a number')
assert !new File(basedir, 'target/veriregime/data/manifest.json').exists()
return true
