// VeriRegime: runs snarkjs' own CLI in this process, unchanged, and reports as the process exits
// what the OS counted for it, so every snarkjs step is measured as every EZKL step is.
//
//   node snarkjs-run.cjs <path to snarkjs/build/cli.cjs> <snarkjs arguments…>
//
// The last stdout line is `veriregime-result: {"exitCode": N, "peakRssBytes": N, "cpuSeconds": N}` (VeriRegime's
// child protocol); snarkjs' exit status is kept.
'use strict';
const fs = require('fs');
const { peakRssBytes } = require('./process-figures.cjs');

/** User + system CPU of this process, its worker threads included (snarkjs proves on workers). */
function cpuSeconds() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

process.on('exit', (exitCode) => {
  // writeSync: the process is ending, an asynchronous write to a pipe might never be flushed
  fs.writeSync(1, `\nveriregime-result: ${JSON.stringify({ exitCode, peakRssBytes: peakRssBytes(), cpuSeconds: cpuSeconds() })}\n`);
});

// snarkjs reads its arguments from process.argv[2…]: drop this script so the CLI sees its own layout
process.argv.splice(1, 1);
require(require('path').resolve(process.argv[1]));
