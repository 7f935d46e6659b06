package io.veriregime.runtime.zk;

import io.veriregime.runtime.proving.ProverPool;
import java.util.Locale;

/**
 * How zk-prove spreads its samples over prover processes (zk.provers): one process with every
 * thread, or as many processes as compute.threads and zk.budget.memory allow, each with an equal
 * share of the threads. Memory is judged by the peak a prover of this circuit was measured to
 * reach, never guessed.
 *
 * @param pool the processes and their threads
 * @param reason how the pool follows from the configuration and the measured peak
 */
record ProverPlan(ProverPool pool, String reason) {

  /** One process with every thread: what zk.provers 1 (the default) asks for, and the single proofs of a round. */
  static ProverPlan single(int threads) {
    return new ProverPlan(ProverPool.single(threads), "zk.provers 1: one prover with compute.threads " + threads);
  }

  /**
   * @param provers zk.provers: 0 for as many as fit, else the most to run at once
   * @param threads compute.threads as in effect
   * @param memoryBudget zk.budget.memory in bytes, shared by the provers running at once
   * @param measuredPeakBytes the peak resident memory one prover process of this circuit reached
   * @param samples how many proofs are left to make
   */
  static ProverPlan of(int provers, int threads, long memoryBudget, long measuredPeakBytes, int samples) {
    if (provers == 1) {
      return single(threads);
    }
    long fitInMemory = Math.max(1, memoryBudget / Math.max(1, measuredPeakBytes));
    int wanted = provers == 0 ? threads : provers;
    int processes = (int) Math.max(1, Math.min(Math.min(wanted, threads), Math.min(fitInMemory, samples)));
    int threadsEach = Math.max(1, threads / processes);
    return new ProverPlan(new ProverPool(processes, threadsEach), String.format(Locale.ROOT,
        "zk.provers %s: %d prover(s) x %d thread(s); compute.threads %d, zk.budget.memory %,d MB fits %d at the"
            + " measured %,d MB per prover, %d sample(s) left", provers == 0 ? "0 (as many as fit)" : provers,
        processes, threadsEach, threads, memoryBudget >> 20, fitInMemory, measuredPeakBytes >> 20, samples));
  }
}
