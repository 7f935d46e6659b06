"""VeriRegime's driver for the EZKL Python API (written for ezkl 23.0.5, the version the runtime pins).

One EZKL step per process, so that the Java side gets each step's wall time and the peak resident
memory of exactly that step from the OS (getrusage). Usage:

    python ezkl_driver.py <step> '<json arguments>'

The last line on stdout is `veriregime-result: {json}`; a failure is one line
`veriregime-error: {json}` on stderr and exit status 3. Everything else on stdout/stderr is EZKL's
own chatter. Several EZKL 23.x functions return awaitables (calibrate_settings, get_srs,
gen_witness, prove, create_evm_verifier) and need a running event loop
even to be called; `settle` provides one and awaits the result.
"""
import asyncio
import importlib.metadata
import inspect
import json
import os
import resource
import sys
import threading
import time
import traceback


def settle(call):
    """Calls an EZKL function inside a running event loop (the async ones need one even to be
    called) and awaits its result when it is an awaitable."""
    async def within_loop():
        result = call()
        if inspect.isawaitable(result):
            result = await result
        return result
    return asyncio.run(within_loop())


def ezkl_module():
    import ezkl
    return ezkl


def step_version(args):
    return {"ezkl": importlib.metadata.version("ezkl"), "python": sys.version.split()[0]}


def step_gen_settings(args):
    ezkl = ezkl_module()
    run_args = ezkl.PyRunArgs()
    run_args.input_visibility = args["inputVisibility"]
    run_args.output_visibility = args["outputVisibility"]
    run_args.param_visibility = args["paramVisibility"]
    return {"ok": bool(settle(lambda: ezkl.gen_settings(args["model"], args["settings"], py_run_args=run_args)))}


def step_calibrate(args):
    ezkl = ezkl_module()
    ok = settle(lambda: ezkl.calibrate_settings(
        args["data"], args["model"], args["settings"], args["target"],
        float(args["lookupSafetyMargin"]), args.get("scales"), args.get("scaleRebaseMultipliers") or [1],
        args.get("maxLogrows")))
    return {"ok": bool(ok)}


def step_compile(args):
    ezkl = ezkl_module()
    return {"ok": bool(settle(lambda: ezkl.compile_circuit(args["model"], args["compiled"], args["settings"])))}


def step_gen_srs(args):
    ezkl = ezkl_module()
    settle(lambda: ezkl.gen_srs(args["srs"], int(args["logrows"])))
    return {"ok": True}


def step_setup(args):
    ezkl = ezkl_module()
    return {"ok": bool(settle(lambda: ezkl.setup(args["compiled"], args["vk"], args["pk"], args["srs"], None, False)))}


def step_witness(args):
    ezkl = ezkl_module()
    settle(lambda: ezkl.gen_witness(args["input"], args["compiled"], args["witness"], None, None))
    with open(args["witness"]) as written:  # the file has the readable (rescaled) outputs; the return value may not
        witness = json.load(written)
    return {"rescaledOutputs": witness["pretty_elements"]["rescaled_outputs"]}


def step_prove(args):
    ezkl = ezkl_module()
    settle(lambda: ezkl.prove(args["witness"], args["compiled"], args["pk"], args["proof"], args["srs"]))
    return {"ok": True}


def step_verify(args):
    ezkl = ezkl_module()
    try:
        verified = bool(settle(lambda: ezkl.verify(args["proof"], args["settings"], args["vk"], args["srs"], False)))
        return {"verified": verified}
    except Exception as rejected:  # EZKL raises (rather than returning False) for most invalid proofs
        return {"verified": False, "reason": str(rejected)}


def step_evm_verifier(args):
    ezkl = ezkl_module()
    try:
        settle(lambda: ezkl.create_evm_verifier(args["vk"], args["settings"], args["sol"], args["abi"], args["srs"], False))
        return {"abi": True}
    except Exception as failure:
        # EZKL renders the Solidity verifier first, then fetches solc (via svm) to compile its ABI;
        # without that download the contract itself is still complete and usable
        if os.path.isfile(args["sol"]) and ("svm" in str(failure) or "solc" in str(failure)):
            return {"abi": False, "abiProblem": str(failure)}
        raise


def step_evm_calldata(args):
    ezkl = ezkl_module()
    calldata = settle(lambda: ezkl.encode_evm_calldata(args["proof"], args["calldata"], None))
    return {"bytes": len(calldata)}


def peak_rss_bytes():
    """Peak resident memory of this process. On Linux VmHWM, because getrusage's ru_maxrss also
    carries over the high-water mark of the process that spawned us (here the JVM) across exec."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # bytes on macOS, KiB elsewhere


STEPS = {
    "version": step_version,
    "gen-settings": step_gen_settings,
    "calibrate": step_calibrate,
    "compile": step_compile,
    "gen-srs": step_gen_srs,
    "setup": step_setup,
    "witness": step_witness,
    "prove": step_prove,
    "verify": step_verify,
    "evm-verifier": step_evm_verifier,
    "evm-calldata": step_evm_calldata,
}


def end_with_parent():
    """Exits when the build that started this step is gone (even if it was killed with SIGKILL and
    could not stop its children): an orphaned prover must not keep computing, or writing, for nobody."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(4)

    threading.Thread(target=watch, daemon=True).start()


def main():
    end_with_parent()
    step = sys.argv[1]
    args = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    started = time.perf_counter()
    try:
        result = STEPS[step](args)
    except Exception as failure:
        sys.stdout.flush()
        print("veriregime-error: " + json.dumps({"step": step, "message": str(failure),
                                                   "type": type(failure).__name__,
                                                   "trace": traceback.format_exc()}), file=sys.stderr)
        sys.exit(3)
    elapsed = time.perf_counter() - started
    sys.stdout.flush()
    print("veriregime-result: " + json.dumps({"step": step, "seconds": elapsed, "peakRssBytes": peak_rss_bytes(),
                                               "result": result}), flush=True)
    sys.stderr.flush()
    # The answer is out and every file is written: skip the interpreter's finalisation, which EZKL's
    # native threads can abort (seen: evm-verifier after its solc download failed, "PyGILState_Release
    # ... finalizing", SIGABRT), turning a finished step into a crash.
    os._exit(0)


if __name__ == "__main__":
    main()
