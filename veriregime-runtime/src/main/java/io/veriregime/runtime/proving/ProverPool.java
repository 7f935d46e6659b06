package io.veriregime.runtime.proving;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.execution.Shares;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * How a batch of proofs is spread over prover processes: {@code processes} run at once, each with
 * {@code threadsPerProcess} CPU threads, each proving its share of the samples one after the other.
 */
public record ProverPool(int processes, int threadsPerProcess) {

  public ProverPool {
    if (processes < 1 || threadsPerProcess < 1) {
      throw new IllegalArgumentException("a prover pool needs at least one process and one thread, got "
          + processes + " x " + threadsPerProcess);
    }
  }

  /** One process with every thread given. */
  public static ProverPool single(int threads) {
    return new ProverPool(1, threads);
  }

  /**
   * Every backend's {@code proveAll} fan-out: {@code samples} cut into contiguous shares, one per process
   * (fewer when there are fewer samples), each handed to {@code proveShare} on a thread of its own (which
   * runs that share's prover process with {@link #threadsPerProcess} threads); the proofs come back in
   * the order of {@code samples}. A share that fails fails the batch, and the others' processes end with
   * their threads.
   *
   * @param what what is proved, for the message when the batch is interrupted
   */
  public <P> List<P> proveInShares(List<Integer> samples, String what, Function<List<Integer>, List<P>> proveShare) {
    List<List<Integer>> shares = Shares.contiguous(samples, Math.max(1, Math.min(processes, samples.size())));
    if (shares.size() == 1) {
      return proveShare.apply(shares.get(0));
    }
    ExecutorService provers = Executors.newFixedThreadPool(shares.size());
    try {
      List<Future<List<P>>> running = shares.stream().map(share -> provers.submit(() -> proveShare.apply(share))).toList();
      List<P> proofs = new ArrayList<>();
      for (Future<List<P>> share : running) {
        proofs.addAll(share.get());
      }
      return proofs;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure ? failure
          : new VeriRegimeException("A prover process failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VeriRegimeException("Interrupted while proving " + what + " samples", e);
    } finally {
      provers.shutdownNow();
    }
  }
}
