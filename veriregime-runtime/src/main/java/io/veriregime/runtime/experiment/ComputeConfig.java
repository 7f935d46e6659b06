package io.veriregime.runtime.experiment;

/**
 * Resources for the child processes that train and prove.
 *
 * @param threads CPU threads for libtorch and EZKL; 0 means every available core
 * @param heap maximum heap of the training child JVM ({@code -Xmx})
 */
public record ComputeConfig(int threads, ByteSize heap) implements ConfigSection {

  static final ComputeConfig DEFAULTS = new ComputeConfig(0, new ByteSize(2L << 30));

  public int effectiveThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(threads >= 0, "threads", "must be 0 (all cores) or more, got " + threads, "Use 0 or a core count.");
    checks.require(heap.bytes() >= 256L << 20, "heap", "is too small (" + heap + ") to train in", "Use at least 256m, e.g. 2g.");
  }
}
