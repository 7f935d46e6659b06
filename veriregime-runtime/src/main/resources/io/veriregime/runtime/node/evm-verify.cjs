// VeriRegime: compiles a Solidity verifier with the pinned solc, deploys it into an in-process EVM
// (@ethereumjs/vm, a fresh empty chain) and calls it with the given calldata, then with each
// tampered calldata (a proof of a changed claim), which a sound verifier must all reject.
//
//   node evm-verify.cjs <request.json>
//   request: {"source": "<file.sol>", "contract": "<name>" or null, "function": "<name>" or null,
//             "calldata": "0x…", "tampered": ["0x…", …]}
//
// With "function", calldata (and each tampered one) holds the ABI-encoded arguments and the
// function's selector (from solc's method identifiers) is put before them; without it, each is the
// whole call.
//
// Prints one line `veriregime-result: {json}` (VeriRegime's child protocol) with what the call
// returned and the gas both transactions used, or `veriregime-error: <message>` and exit status 2
// when the source does not compile. Compiler and EVM both target one pinned fork (HARDFORK), so
// the bytecode never uses an opcode the EVM does not have.
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');
const { Common, Hardfork, Mainnet } = require('@ethereumjs/common');
const { createLegacyTx } = require('@ethereumjs/tx');
const { createAddressFromPrivateKey, hexToBytes, bytesToHex } = require('@ethereumjs/util');
const { createVM, runTx } = require('@ethereumjs/vm');

const HARDFORK = Hardfork.Prague;
const SOLC_EVM_VERSION = 'prague';
// A well-known throwaway key: the chain lives in this process only, and skipBalance pays the gas.
const SENDER_KEY = hexToBytes('0x' + '11'.repeat(32));
// Osaka's per-transaction cap (EIP-7825); anything above it could not run on mainnet in one call.
const GAS_LIMIT = 16_777_216n;

function fail(message) {
  console.error('veriregime-error: ' + message.replace(/\n/g, ' '));
  process.exit(2);
}

function compile(sourceFile, wanted) {
  const name = path.basename(sourceFile);
  const input = {
    language: 'Solidity',
    sources: { [name]: { content: fs.readFileSync(sourceFile, 'utf8') } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: SOLC_EVM_VERSION,
      outputSelection: { '*': { '*': ['evm.bytecode.object', 'evm.methodIdentifiers'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    fail(`solc ${solc.version()} could not compile ${sourceFile}: ${errors.map((e) => e.formattedMessage).join(' | ')}`);
  }
  const contracts = Object.entries(output.contracts[name] || {})
    .filter(([, c]) => c.evm.bytecode.object.length > 0); // interfaces and abstract contracts have none
  const chosen = wanted == null ? contracts : contracts.filter(([n]) => n === wanted);
  if (chosen.length !== 1) {
    fail(`${sourceFile} has ${wanted == null ? 'these deployable contracts' : 'no deployable contract ' + wanted + '; it has'}: `
      + `${contracts.map(([n]) => n).join(', ') || 'none'}; name the one to deploy`);
  }
  const [contract, compiled] = chosen[0];
  return { contract, bytecode: hexToBytes('0x' + compiled.evm.bytecode.object), methods: compiled.evm.methodIdentifiers };
}

/** The whole calldata of `given`: as given, or the selector of the request's function before the encoded arguments. */
function calldata(request, contract, methods, given) {
  if (request.function == null) {
    return hexToBytes(given);
  }
  const signatures = Object.keys(methods).filter((signature) => signature.startsWith(request.function + '('));
  if (signatures.length !== 1) {
    fail(`${contract} has ${signatures.length} functions named ${request.function} (${Object.keys(methods).join(', ')}); expected one`);
  }
  return hexToBytes('0x' + methods[signatures[0]] + given.replace(/^0x/, ''));
}

async function transact(vm, nonce, to, data) {
  const common = vm.common;
  const tx = createLegacyTx({ nonce, gasPrice: 10n ** 10n, gasLimit: GAS_LIMIT, to, data }, { common }).sign(SENDER_KEY);
  return runTx(vm, { tx, skipBalance: true, skipBlockGasLimitValidation: true });
}

/** A verifier answers a 32-byte ABI bool; anything else (a revert, no data) is a rejection. */
function accepted(call) {
  const returned = call.execResult.returnValue;
  return call.execResult.exceptionError === undefined && returned.length === 32
    && returned.every((b, i) => b === (i === 31 ? 1 : 0));
}

async function main() {
  const request = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const { contract, bytecode, methods } = compile(request.source, request.contract);
  const common = new Common({ chain: Mainnet, hardfork: HARDFORK });
  // unlimited size: a verifier over EIP-170's 24,576 bytes is still measured; the result says it would not deploy
  const vm = await createVM({ common, evmOpts: { allowUnlimitedContractSize: true } });

  const deployment = await transact(vm, 0n, undefined, bytecode);
  if (deployment.execResult.exceptionError || deployment.createdAddress === undefined) {
    fail(`deploying ${contract} failed in the EVM: ${deployment.execResult.exceptionError?.error ?? 'no address'}`);
  }
  const code = await vm.stateManager.getCode(deployment.createdAddress);
  const call = await transact(vm, 1n, deployment.createdAddress, calldata(request, contract, methods, request.calldata));
  const returned = call.execResult.returnValue;
  const reverted = call.execResult.exceptionError !== undefined;
  const verified = accepted(call);
  let tamperedAccepted = 0;
  let nonce = 2n;
  for (const tampered of request.tampered || []) {
    if (accepted(await transact(vm, nonce++, deployment.createdAddress, calldata(request, contract, methods, tampered)))) {
      tamperedAccepted++;
    }
  }
  console.log('veriregime-result: ' + JSON.stringify({
    contract,
    solc: solc.version(),
    hardfork: HARDFORK,
    deployedBytes: code.length,
    deploymentGas: deployment.totalGasSpent.toString(),
    verified,
    reverted,
    revertReason: reverted ? call.execResult.exceptionError.error : null,
    returned: bytesToHex(returned),
    callGas: call.totalGasSpent.toString(),
    tamperedAccepted,
  }));
}

main().catch((e) => fail(`the EVM run failed: ${e && e.stack ? e.stack : e}`));
