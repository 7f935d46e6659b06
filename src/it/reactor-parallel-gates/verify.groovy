def log = new File(basedir, 'build.log').text
def first = log.substring(0, log.indexOf('BUILD SUCCESS'))
def cores = Runtime.runtime.availableProcessors()
def share = Math.max(1, cores.intdiv(2))

// built at once, the two modules share the cores instead of each taking them all
['relu', 'square'].each { module ->
  assert first.contains("[${module}] compute.threads 0 is this build's share of the ${cores} cores: ${share} thread") :
      "${module} runs with its share"
  assert new File(basedir, "${module}/target/failsafe-reports/TEST-veriregime-gates.xml").isFile() : 'where CI looks'
}

// one table of both modules' gates
def summary = new File(basedir, 'gates/target/veriregime-aggregate/summary.md').text
assert summary.startsWith('## VeriRegime: ')
assert summary.contains(' gates passed in 2 modules')
['relu', 'square'].each { module ->
  assert summary.readLines().count { it.startsWith("| ${module} | `") } == 9 : "every gate of ${module}"
}
assert first.contains('report-aggregate: | relu | `minTeacherBalancedAccuracy` |')

// GITHUB_STEP_SUMMARY got each module's summary and the aggregate's table
def steps = new File(basedir, 'step_summary.md').text
assert steps.contains(' gates passed in 2 modules')
assert steps.count('## VeriRegime: ') >= 3 : 'two module summaries and the aggregate'
assert first.contains('report: appended summary.md to GITHUB_STEP_SUMMARY')

// a gate missed by any module fails the build, naming each module's miss
def second = log.substring(log.indexOf('BUILD SUCCESS'))
assert second.contains('2 gates missed across the modules')
assert second.contains('relu: minTeacherBalancedAccuracy: threshold >= 0.9900, measured')
assert second.contains('square: minTeacherBalancedAccuracy: threshold >= 0.9900, measured')
return true
