"""VeriRegime's driver for the EZKL Python API (written for ezkl 23.0.5, the version the runtime pins).

One EZKL step per process, so that the Java side gets each step's wall time, CPU time (all threads;
less sensitive to other load on the machine than wall time) and the peak resident memory of exactly
that step from the OS. prove-batch and verify take a list and do it in one process. Usage:

    python ezkl_driver.py <step> <arguments.json>

The arguments come in a JSON file, never on the command line: a batch's list of samples outgrows the
operating system's limit on arguments.

The last line on stdout is `veriregime-result: {json}`; a failure is one line
`veriregime-error: {json}` on stderr and exit status 3. Everything else on stdout/stderr is EZKL's
own chatter, except `veriregime-progress: {json}` lines that a batch prints after each item.
Several EZKL 23.x functions return awaitables (calibrate_settings, get_srs, gen_witness, prove,
create_evm_verifier) and need a running event loop even to be called; `settle` provides one and awaits the result.
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


def written_atomically(target, write):
    """Has `write` produce a temporary file beside `target`, then moves it into place (a reader never
    sees half a file; a crash leaves only a temporary file that no manifest lists)."""
    temporary = "%s.%d.tmp" % (target, os.getpid())
    try:
        write(temporary)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def progress(payload):
    print("veriregime-progress: " + json.dumps(payload), flush=True)


def step_prove_batch(args):
    """Witness and proof for each job, in this one process. EZKL 23's Python API takes every key as
    a path and keeps nothing loaded between calls (prove reads and deserialises the proving key
    each time, ~0.3 s for a 277 MB key when the file is in the page cache), so what one process
    saves per proof is the start of an interpreter and of EZKL's runtime, not the key's loading.
    Each job's figures are its own wall and CPU time; peakRssBytes is this process's high-water mark
    after the job (it only grows)."""
    ezkl = ezkl_module()
    proved = []
    for index, job in enumerate(args["jobs"]):
        started, cpu = time.perf_counter(), time.process_time()
        written_atomically(job["witness"], lambda tmp: settle(
            lambda: ezkl.gen_witness(job["input"], args["compiled"], tmp, None, None)))
        witness_seconds, witness_cpu = time.perf_counter() - started, time.process_time() - cpu
        with open(job["witness"]) as written:  # the file has the readable (rescaled) outputs; the return value may not
            witness = json.load(written)
        started, cpu = time.perf_counter(), time.process_time()
        written_atomically(job["proof"], lambda tmp: settle(
            lambda: ezkl.prove(job["witness"], args["compiled"], args["pk"], tmp, args["srs"])))
        figures = {"rescaledOutputs": witness["pretty_elements"]["rescaled_outputs"],
                   "witness": {"seconds": witness_seconds, "cpuSeconds": witness_cpu},
                   "prove": {"seconds": time.perf_counter() - started, "cpuSeconds": time.process_time() - cpu},
                   "peakRssBytes": peak_rss_bytes()}
        proved.append(figures)
        progress({"done": index + 1, "of": len(args["jobs"]), "proveSeconds": figures["prove"]["seconds"]})
    return {"proofs": proved}


def step_verify(args):
    """Verifies each proof in this one process; a rejected proof is an answer, not a failure."""
    ezkl = ezkl_module()
    answers = []
    for proof in args["proofs"]:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            verified = bool(settle(lambda: ezkl.verify(proof, args["settings"], args["vk"], args["srs"], False)))
            answer = {"verified": verified}
        except Exception as rejected:  # EZKL raises (rather than returning False) for most invalid proofs
            answer = {"verified": False, "reason": str(rejected)}
        answer.update({"seconds": time.perf_counter() - started, "cpuSeconds": time.process_time() - cpu,
                       "peakRssBytes": peak_rss_bytes()})
        answers.append(answer)
    return {"verifications": answers}


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
    "prove-batch": step_prove_batch,
    "verify": step_verify,
    "evm-verifier": step_evm_verifier,
    "evm-calldata": step_evm_calldata,
}


def end_with_parent():
    """Exits when the build that started this step is gone (even if it was killed with SIGKILL and
    could not stop its children): an orphaned prover must not keep computing, or writing, for nobody.

    On Linux the kernel sends this process SIGKILL when its parent ends (PR_SET_PDEATHSIG): a proof
    runs in Rust holding the GIL, so a Python thread that watches the parent only runs between proofs
    (seen: a prove-batch living 5-35 s after Maven's SIGKILL). The watching thread stays for other
    systems. A parent gone before prctl took effect is caught by comparing the parent again after it."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            import signal
            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no libc prctl to call: the thread below is all there is
        if os.getppid() != parent:
            os._exit(4)

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(4)

    threading.Thread(target=watch, daemon=True).start()


def main():
    end_with_parent()
    step = sys.argv[1]
    args = {}
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8") as arguments:
            args = json.load(arguments)
    started, cpu = time.perf_counter(), time.process_time()
    try:
        result = STEPS[step](args)
    except Exception as failure:
        sys.stdout.flush()
        print("veriregime-error: " + json.dumps({"step": step, "message": str(failure),
                                                   "type": type(failure).__name__,
                                                   "trace": traceback.format_exc()}), file=sys.stderr)
        sys.exit(3)
    elapsed, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    sys.stdout.flush()
    print("veriregime-result: " + json.dumps({"step": step, "seconds": elapsed, "cpuSeconds": cpu_seconds,
                                               "peakRssBytes": peak_rss_bytes(),
                                               "result": result}), flush=True)
    sys.stderr.flush()
    # The answer is out and every file is written: skip the interpreter's finalisation, which EZKL's
    # native threads can abort (seen: evm-verifier after its solc download failed, "PyGILState_Release
    # ... finalizing", SIGABRT), turning a finished step into a crash.
    os._exit(0)


if __name__ == "__main__":
    main()
