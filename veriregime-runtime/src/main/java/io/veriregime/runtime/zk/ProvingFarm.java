package io.veriregime.runtime.zk;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.execution.Engines;
import io.veriregime.runtime.execution.Job;
import io.veriregime.runtime.execution.Shares;
import io.veriregime.runtime.execution.Task;
import io.veriregime.runtime.execution.TaskEngine;
import io.veriregime.runtime.execution.TaskOutcome;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ZkConfig;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * zk-prove's batch of samples, proved as shares through the execution engine. With more than one
 * prover planned (zk.provers), the first sample is proved alone first: its peak memory is what the
 * plan is judged by. The rest is cut into contiguous shares of at most zk.shareSize samples, at least
 * one per executor; each attempt of a share proves into a scratch directory of its own, and only the
 * attempts the engine reports successful are moved into {@code sample-N/}, in sample order, so a failed
 * or repeated attempt leaves nothing in the layout and no sample is proved twice into it.
 */
final class ProvingFarm {

  /** Below the stage's directory: attempts' files before they are accepted; in no manifest, deleted when done. */
  static final String SCRATCH = ".shares";

  /**
   * @param proofs one per sample, in sample order, each file in its {@code sample-N/} directory
   * @param plan what the zk.provers plan gave for the shares
   * @param farm how the shares went, for proving.json
   */
  record Result(List<Proof> proofs, ProverPlan plan, ProvingReport.Farm farm) {}

  private ProvingFarm() {}

  /**
   * @param featuresFile the file {@code features} were read from, for a share that runs where they are not in memory
   * @param roundDir where each sample's files end up ({@code sample-N/} in {@code stageDir})
   */
  static Result prove(Experiment experiment, ProvingBackend backend, CompiledCircuit circuit, Path featuresFile,
                      Npy.FloatArray features, List<Integer> samples, IntFunction<Path> roundDir, Path stageDir,
                      int threads, TaskEngine engine, StageLog log) {
    ZkConfig zk = experiment.config().zk();
    Engines.requireShared(experiment, stageDir, ZkProveStage.NAME);
    List<Proof> proofs = new ArrayList<>();
    List<Integer> farmed = samples;
    ProverPlan plan = ProverPlan.single(threads);
    if (zk.provers() != 1 && samples.size() > 1) {
      proofs.addAll(backend.proveAll(circuit, features, samples.subList(0, 1), roundDir, ProverPool.single(threads)));
      plan = ProverPlan.of(zk.provers(), threads, zk.budget().memory().bytes(), proofs.get(0).prove().peakMemoryBytes(),
          samples.size() - 1);
      log.info(ZkProveStage.NAME + ": " + plan.reason());
      farmed = samples.subList(1, samples.size());
    }
    Path scratch = stageDir.resolve(SCRATCH);
    List<Task<List<Integer>>> tasks = new ArrayList<>();
    int plannedAtOnce = plan.pool().processes();
    for (List<Integer> share : Shares.contiguous(farmed, Shares.count(farmed.size(), zk.shareSize(), plannedAtOnce))) {
      int first = share.get(0);
      int last = share.get(share.size() - 1);
      tasks.add(new Task<>("samples-" + first + "-" + last, "test windows " + first + " to " + last, share));
    }
    int executors = engine.executors(plannedAtOnce, tasks.size());
    // the threads a plan gave each prover, or more when the engine runs fewer of them at once
    int threadsEach = Math.max(plan.pool().threadsPerProcess(), threads / executors);
    String token = UUID.randomUUID().toString();
    AtomicFiles.writeString(scratch.resolve(ShareProver.DRIVER_TOKEN), token);
    ShareProver proveShare = new ShareProver(experiment, backend, circuit, featuresFile, features, scratch, threadsEach,
        token);
    List<TaskOutcome<List<ShareProver.Proved>>> outcomes = engine.run(new Job<>(ZkProveStage.NAME + ": "
        + circuit.model() + " proofs", tasks, proveShare, plannedAtOnce));
    List<ProvingReport.Share> shares = new ArrayList<>();
    int retries = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      TaskOutcome<List<ShareProver.Proved>> outcome = outcomes.get(i);
      List<Integer> share = tasks.get(i).input();
      for (int j = 0; j < share.size(); j++) {
        proofs.add(accept(outcome.result().get(j).toProof(), roundDir.apply(share.get(j))));
      }
      retries += outcome.attempts() - 1;
      shares.add(new ProvingReport.Share(outcome.taskId(), share.get(0), share.get(share.size() - 1), outcome.seconds(),
          outcome.attempts(), outcome.executor(), outcome.failures()));
    }
    ScratchFiles.deleteTree(scratch);
    log.info(String.format(Locale.ROOT, "%s: %d share(s) of at most %d samples on %d %s executor(s), %d retried",
        ZkProveStage.NAME, shares.size(), zk.shareSize(), executors, engine.name(), retries));
    return new Result(proofs, plan, new ProvingReport.Farm(engine.name(), executors, threadsEach, zk.shareSize(),
        retries, shares));
  }

  /** Moves an accepted attempt's sample directory into the layout; the proof's file follows it. */
  private static Proof accept(Proof proof, Path sampleDir) {
    Path attemptSampleDir = proof.file().getParent();
    try {
      Files.move(attemptSampleDir, sampleDir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not move the proof " + attemptSampleDir + " to " + sampleDir + ": "
          + e.getMessage() + ". Check the disk and run the build again.", e);
    }
    return new Proof(sampleDir.resolve(attemptSampleDir.relativize(proof.file())), proof.outputs(), proof.proofBytes(),
        proof.witness(), proof.prove());
  }
}
