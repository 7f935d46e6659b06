// VeriRegime: what the OS counted for this Node.js process, for the scripts that report their own figures
// (snarkjs-run.cjs, groth16-prove.cjs), installed beside them.
'use strict';
const fs = require('fs');

/**
 * Peak resident memory of this process. On Linux VmHWM, because getrusage's maxRSS also carries over
 * the high-water mark of the process that spawned us (the JVM) across exec; elsewhere maxRSS (KiB).
 */
function peakRssBytes() {
  try {
    const line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
    if (line) {
      return parseInt(line.split(/\s+/)[1], 10) * 1024;
    }
  } catch (e) {
    // no /proc: not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

module.exports = { peakRssBytes };
