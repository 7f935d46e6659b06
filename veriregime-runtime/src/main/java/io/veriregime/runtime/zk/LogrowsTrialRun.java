package io.veriregime.runtime.zk;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.EzklConfig;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * zk.ezkl.logrowsTrials for the student: the calibrated circuit and each size below it, each size
 * in a scratch directory of its own under {@code trialsDir}, set up, proved once on test window 0
 * and verified; then the kept size's files replace the calibrated ones in {@code circuitDir} and
 * the scratch goes.
 */
final class LogrowsTrialRun {

  private final ProvingBackend backend;
  private final Npy.FloatArray test;
  private final Path circuitDir;
  private final Path trialsDir;
  private final int threads;
  private final StageLog log;
  /** Every correct smaller size, set up in its scratch directory, by logrows. */
  private final Map<Integer, SetUp> correct = new HashMap<>();

  LogrowsTrialRun(ProvingBackend backend, Npy.FloatArray test, Path circuitDir, Path trialsDir, int threads, StageLog log) {
    this.backend = backend;
    this.test = test;
    this.circuitDir = circuitDir;
    this.trialsDir = trialsDir;
    this.threads = threads;
    this.log = log;
  }

  /** Tries the sizes and returns the table with the choice; {@link #adopt} then puts the kept size in place. */
  LogrowsTrials run(SetUp calibrated, Path onnx, EzklConfig ezkl) {
    int logrows = calibrated.circuit().cost().logrows();
    Proof reference = proveOnce(calibrated.circuit(), logrows);
    Verification verification = backend.verify(calibrated.circuit(), reference.file());
    if (!verification.verified()) {
      throw new VeriRegimeException("The student's calibrated circuit proved test window 0, but the proof ("
          + reference.file() + ") did not verify: " + verification.reason() + ". Run zk-compile again"
          + " (-Dveriregime.force); if it persists, report it with " + circuitDir + " attached.");
    }
    List<LogrowsTrials.Trial> trials = new ArrayList<>(List.of(trial(logrows, calibrated, reference)));
    for (int smaller = logrows - 1; smaller >= Math.max(1, logrows - ezkl.logrowsTrials()); smaller--) {
      trials.add(trySize(calibrated.circuit(), onnx, smaller, reference));
    }
    LogrowsTrials chosen = LogrowsTrials.choose(ezkl.logrowsObjective(), trials);
    log.info(ZkCompileStage.NAME + ": logrows trials: " + chosen.reason());
    return chosen;
  }

  /** The set-up circuit at {@code logrows} in {@code circuitDir}: the calibrated one, or the trial's moved over it. */
  SetUp adopt(SetUp calibrated, int logrows) {
    try {
      if (logrows == calibrated.circuit().cost().logrows()) {
        return calibrated;
      }
      SetUp trial = correct.get(logrows);
      try (var files = Files.list(trial.circuit().dir())) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          AtomicFiles.move(file, circuitDir.resolve(file.getFileName()));
        }
      }
      // the setup material's file is named relative to the circuit's directory: the same name here
      return new SetUp(new CompiledCircuit(trial.circuit().model(), circuitDir, trial.circuit().cost()), trial.material(),
          trial.keys());
    } catch (IOException e) {
      throw new VeriRegimeException("Could not move the logrows " + logrows + " circuit from " + trialsDir + " into "
          + circuitDir + ": " + e.getMessage() + ". Check the disk and run zk-compile again.", e);
    } finally {
      ScratchFiles.deleteTree(trialsDir);
    }
  }

  private LogrowsTrials.Trial trySize(CompiledCircuit calibrated, Path onnx, int logrows, Proof reference) {
    try {
      CompiledCircuit circuit = backend.resize(calibrated, onnx, logrows, trialsDir.resolve(Integer.toString(logrows)));
      SetUp setUp = SetUp.of(backend, circuit, circuit.dir());
      Proof proof = proveOnce(circuit, logrows);
      Verification verification = backend.verify(circuit, proof.file());
      if (!verification.verified()) {
        return LogrowsTrials.Trial.failed(logrows, "its proof did not verify: " + verification.reason());
      }
      if (!Arrays.equals(proof.outputs(), reference.outputs())) {
        return LogrowsTrials.Trial.failed(logrows, "it proved " + Arrays.toString(proof.outputs())
            + ", not the calibrated circuit's " + Arrays.toString(reference.outputs()));
      }
      correct.put(logrows, setUp);
      return trial(logrows, setUp, proof);
    } catch (VeriRegimeException e) {
      log.info(ZkCompileStage.NAME + ": logrows " + logrows + " is not usable: " + e.getMessage());
      return LogrowsTrials.Trial.failed(logrows, e.getMessage());
    }
  }

  private Proof proveOnce(CompiledCircuit circuit, int logrows) {
    return backend.proveAll(circuit, test, List.of(0), sample -> trialsDir.resolve(logrows + "-proof"),
        ProverPool.single(threads)).get(0);
  }

  private static LogrowsTrials.Trial trial(int logrows, SetUp setUp, Proof proof) {
    return new LogrowsTrials.Trial(logrows, true, null, setUp.keys().figures().seconds(), proof.prove().seconds(),
        proof.prove().cpuSeconds(), proof.prove().peakMemoryBytes(), setUp.keys().pkBytes(), proof.proofBytes());
  }
}
