package io.veriregime.runtime.experiment;

/**
 * Resources for the child processes that train and prove.
 *
 * @param threads CPU threads for libtorch and EZKL; 0 means every available core
 * @param heap maximum heap of the training child JVM ({@code -Xmx})
 * @param waitPolicy whether libtorch's idle threads spin or sleep
 */
public record ComputeConfig(int threads, ByteSize heap, WaitPolicy waitPolicy) implements ConfigSection {

  static final ComputeConfig DEFAULTS = new ComputeConfig(0, new ByteSize(2L << 30), WaitPolicy.AUTO);

  public int effectiveThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  @Override
  public void validate(ConfigChecks checks) {
    int cores = Runtime.getRuntime().availableProcessors();
    // each child process starts this many OpenMP or Rayon threads: more than the cores only slow it
    // down, and thousands (10,000 tried) overload the machine until libtorch crashes
    checks.require(threads >= 0 && threads <= cores, "threads", "must be 0 (all cores) or at most this machine's "
        + cores + " cores, got " + threads, "Use 0, or a number of cores up to " + cores + ".");
    checks.require(heap.bytes() >= 256L << 20, "heap", "is too small (" + heap + ") to train in", "Use at least 256m, e.g. 2g.");
  }
}
