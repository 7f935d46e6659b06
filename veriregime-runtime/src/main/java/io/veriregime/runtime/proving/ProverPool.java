package io.veriregime.runtime.proving;

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
}
