// the directory the coordinates ${basedir}/victim/v:a:1 once made verify-proof empty (as v_a_1)
def victim = new File(basedir, 'victim/v_a_1')
victim.mkdirs()
new File(victim, 'precious.txt').text = 'mine'
return true
