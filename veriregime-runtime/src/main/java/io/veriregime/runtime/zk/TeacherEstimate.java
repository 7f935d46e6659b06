package io.veriregime.runtime.zk;

import io.veriregime.runtime.experiment.BudgetConfig;
import io.veriregime.runtime.proving.CircuitCost;
import java.util.Locale;
import java.util.Optional;

/**
 * What proving the teacher would cost, estimated from the teacher's own circuit before trying it:
 * neither the student nor the machine's load moves it, so a new student does not change whether
 * the teacher is set up. Halo2's setup and proving work (FFTs and multi-scalar multiplications over
 * the whole domain) and memory grow with the domain, 2^logrows rows; the cost per domain row was
 * measured once, with ProvingBenchmark on the design teacher (Conv1d 8→64 k5 → 64→128 k3 → 3;
 * logrows 20, 765,254 rows; ezkl 23.0.5; 2 cores; zk.budget 16g/40m):
 * <ul>
 *   <li>proof: 449.5 s wall, 30.7 × the design student's 14.64 s in the same run. The student's
 *       proof costs 15.0 s CPU (14.7–15.2 s, issue 11), so the teacher's about 30.7 × 15.0 = 460 s
 *       CPU: {@value #PROVE_CPU_SECONDS_PER_DOMAIN_ROW} s per domain row (the ratio of wall times
 *       taken as the ratio of CPU times: both provers ran with the same two threads);
 *   <li>setup: 310 s wall, {@value #SETUP_OVER_PROVE} × that proof;
 *   <li>peak memory of the proof: 21.8 GB, {@value #PROVE_PEAK_BYTES_PER_DOMAIN_ROW} bytes per domain
 *       row (its ReLU/max-pool shuffles add columns that the row count alone does not show).
 * </ul>
 * The design teacher is reproduced by construction; other convolutional teachers are scaled by
 * their domain (see BENCHMARKS.md for how a small one compared). CPU seconds are what one core
 * would take: wall time on n cores is at best a n-th of it.
 *
 * @param basis how the figures were derived
 * @param domainRows 2^logrows of the teacher's circuit
 * @param peakMemoryBytes estimated peak memory of the teacher's proving process
 * @param setupCpuSeconds estimated CPU seconds of the setup
 * @param proveCpuSeconds estimated CPU seconds of one proof
 */
public record TeacherEstimate(String basis, long domainRows, long peakMemoryBytes, double setupCpuSeconds,
                              double proveCpuSeconds) {

  static final double PROVE_CPU_SECONDS_PER_DOMAIN_ROW = 4.39e-4;
  static final double SETUP_OVER_PROVE = 0.69;
  static final long PROVE_PEAK_BYTES_PER_DOMAIN_ROW = 20_790;
  static final String BASIS = "teacher's domain 2^logrows x the cost per domain row of the design teacher measured by"
      + " ProvingBenchmark (ezkl 23.0.5, logrows 20): proof " + PROVE_CPU_SECONDS_PER_DOMAIN_ROW * 1e6 + " us CPU, setup "
      + SETUP_OVER_PROVE + " x the proof, proof peak memory " + PROVE_PEAK_BYTES_PER_DOMAIN_ROW + " B per domain row";

  static TeacherEstimate of(CircuitCost teacher) {
    long domainRows = 1L << teacher.logrows();
    double prove = PROVE_CPU_SECONDS_PER_DOMAIN_ROW * domainRows;
    return new TeacherEstimate(BASIS, domainRows, PROVE_PEAK_BYTES_PER_DOMAIN_ROW * domainRows, SETUP_OVER_PROVE * prove,
        prove);
  }

  /**
   * Why the teacher does not fit {@code budget}; empty when it does. The time budget is compared
   * with CPU seconds (one core's time), which no other build on the machine can stretch.
   */
  Optional<String> refusal(BudgetConfig budget) {
    if (peakMemoryBytes > budget.memory().bytes()) {
      return Optional.of(String.format(Locale.ROOT, "estimated peak memory %,d MB exceeds zk.budget.memory %s",
          peakMemoryBytes >> 20, budget.memory()));
    }
    if (setupCpuSeconds + proveCpuSeconds > budget.time().toMillis() / 1000.0) {
      return Optional.of(String.format(Locale.ROOT, "estimated setup + one proof %.0f CPU s exceeds zk.budget.time %d s",
          setupCpuSeconds + proveCpuSeconds, budget.time().toSeconds()));
    }
    return Optional.empty();
  }
}
