// VeriRegime: proves many witnesses of one circuit with snarkjs' JS API in this one process, so Node.js
// starts, snarkjs loads, the BN254 curve is built and the proving key is read from disk once per share
// instead of once per proof (snarkjs' CLI does all of that for every proof).
//
//   node groth16-prove.cjs <jobs.json>
//
// jobs.json: {"zkey": "<circuit.zkey>", "jobs": [{"wtns": "<file>", "proof": "<file>", "public": "<file>"}, …]}.
// Each proof and its public signals are written as snarkjs' CLI writes them (proof.json, public.json), into a
// temporary file first and then renamed, in the order of the jobs. The last stdout line is
// `veriregime-result: {"proofs": [{"seconds": s, "cpuSeconds": c}, …], "peakRssBytes": N}` (VeriRegime's child
// protocol); a failure is one `veriregime-error: <message>` line on stderr and exit status 2.
'use strict';
const fs = require('fs');
const { peakRssBytes } = require('./process-figures.cjs');
const snarkjs = require('snarkjs');

function writeAtomically(file, value) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 1), 'utf8');
  fs.renameSync(tmp, file);
}

async function main() {
  const { zkey, jobs } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  // read once; snarkjs (fastfile) takes a Uint8Array as an in-memory file
  const key = new Uint8Array(fs.readFileSync(zkey));
  const proofs = [];
  for (const job of jobs) {
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const { proof, publicSignals } = await snarkjs.groth16.prove(key, job.wtns);
    writeAtomically(job.proof, proof);
    writeAtomically(job.public, publicSignals);
    const used = process.cpuUsage(cpu);
    proofs.push({ seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: (used.user + used.system) / 1e6 });
  }
  fs.writeSync(1, `\nveriregime-result: ${JSON.stringify({ proofs, peakRssBytes: peakRssBytes() })}\n`);
}

main().then(() => process.exit(0), (error) => {
  fs.writeSync(2, `\nveriregime-error: ${String(error && error.message ? error.message : error).replace(/\s+/g, ' ')}\n`);
  process.exit(2);
});
