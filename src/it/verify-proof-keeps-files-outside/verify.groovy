def log = new File(basedir, 'build.log').text
assert log.contains("may hold only letters, digits, '_', '-' and '.' (Maven's rule for a groupId)")
assert !log.contains('could not resolve') : 'refused before anything is resolved'
assert new File(basedir, 'victim/v_a_1/precious.txt').text == 'mine' : 'the victim directory is untouched'
return true
