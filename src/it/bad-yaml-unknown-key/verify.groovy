def log = new File(basedir, 'build.log').text
assert log.contains('experiment.yaml:4:3: data.windw: unknown key. Did you mean \'window\'?')
assert !new File(basedir, 'target/veriregime/data/manifest.json').exists()
return true
