package io.veriregime.runtime.experiment;

/**
 * What libtorch's idle OpenMP threads do between parallel regions. Spinning answers the next region
 * fastest on cores nobody else wants; on a shared machine the spinning threads hold cores another
 * process needs, and each region then waits for a thread the kernel has descheduled (BENCHMARKS.md,
 * "Training beside other work": 0.3× of the quiet speed beside one busy loop, 0.56× when sleeping).
 */
public enum WaitPolicy implements ConfigEnum {
  /** Sleep when the machine is already busy or several builds share it (checked as a child starts), else spin. */
  AUTO,
  /** The OpenMP runtime's own default: spin a while before sleeping. */
  SPIN,
  /** Sleep at once ({@code OMP_WAIT_POLICY=PASSIVE}). */
  PASSIVE
}
