package io.veriregime.runtime.zk;

import io.veriregime.runtime.experiment.BudgetConfig;
import io.veriregime.runtime.proving.CircuitCost;
import java.util.Locale;
import java.util.Optional;

/**
 * What proving the teacher would cost, estimated from the teacher's own circuit before trying it:
 * neither the student nor the machine's load moves it, so a new student does not change whether
 * the teacher is set up.
 *
 * <p>The circuit's size comes from EZKL's gen-settings without calibration ({@link #ofUncalibrated}):
 * seconds, where calibrating the design teacher took 65–175 s on 2 cores. Calibration chooses the
 * fixed-point scales (13/13 where gen-settings uses 7/7), but the rows a convolutional teacher lays
 * out do not depend on them (EZKL checks ReLU and rescaling by range-check decomposition with a fixed
 * base and number of legs, not by lookup tables sized by the scale), so the uncalibrated rows were
 * the calibrated rows exactly, and the logrows EZKL's calibration picks is the smallest domain holding
 * them with its {@value #RESERVED_ROWS} reserved blinding rows (TeacherEstimateBenchmark on seeded
 * teachers Conv1d 8→c1 k5 → c1→c2 k3 → 3 over real windows, ezkl 23.0.5; BENCHMARKS.md "Teacher
 * estimate without calibration"):
 * <ul>
 *   <li>c1/c2 16/32: 121,766 rows, logrows 17, calibrated and estimated alike (error 0);
 *   <li>c1/c2 32/64: 288,646 rows, logrows 19, alike (error 0);
 *   <li>c1/c2 64/128 (the design teacher): 765,254 rows, logrows 20, alike (error 0);
 *   <li>c1/c2 96/192: 1,432,326 rows, logrows 21, alike (error 0).
 * </ul>
 * So the error is that of the cost per domain row below, not of the size. A teacher whose
 * calibration would raise logrows above its rows' domain (a lookup or range table larger than the
 * rows, as tiny circuits capped by zk.ezkl.maxLogrows have) is estimated low here; such a teacher is
 * far inside any budget. A teacher that fits the budget by this estimate is calibrated, and its
 * estimate taken again from the calibrated circuit ({@link #of}) before it is set up.
 *
 * <p>Halo2's setup and proving work (FFTs and multi-scalar multiplications over the whole domain)
 * and memory grow with the domain, 2^logrows rows; the cost per domain row was measured once, with
 * ProvingBenchmark on the design teacher (Conv1d 8→64 k5 → 64→128 k3 → 3; logrows 20, 765,254 rows;
 * ezkl 23.0.5; 2 cores; zk.budget 16g/40m):
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

  /** Rows EZKL keeps beyond the circuit's own before it picks logrows (ASSUMED_BLINDING_FACTORS 5 + pad 3). */
  static final long RESERVED_ROWS = 8;
  static final double PROVE_CPU_SECONDS_PER_DOMAIN_ROW = 4.39e-4;
  static final double SETUP_OVER_PROVE = 0.69;
  static final long PROVE_PEAK_BYTES_PER_DOMAIN_ROW = 20_790;
  private static final String COST = "x the cost per domain row of the design teacher measured by ProvingBenchmark (ezkl"
      + " 23.0.5, logrows 20): proof " + PROVE_CPU_SECONDS_PER_DOMAIN_ROW * 1e6 + " us CPU, setup " + SETUP_OVER_PROVE
      + " x the proof, proof peak memory " + PROVE_PEAK_BYTES_PER_DOMAIN_ROW + " B per domain row";
  static final String UNCALIBRATED_BASIS = "not calibrated: EZKL gen-settings' rows (at its default scales; a"
      + " convolutional teacher's rows do not depend on them) + " + RESERVED_ROWS + " reserved rows, rounded up to a"
      + " domain 2^logrows, " + COST;
  static final String CALIBRATED_BASIS = "the calibrated circuit's domain 2^logrows " + COST;

  /** The estimate before any calibration, from EZKL's uncalibrated settings of the teacher. */
  static TeacherEstimate ofUncalibrated(CircuitCost uncalibrated) {
    return of(logrowsOf(uncalibrated), UNCALIBRATED_BASIS);
  }

  /** The estimate from the teacher's calibrated circuit. */
  static TeacherEstimate of(CircuitCost calibrated) {
    return of(calibrated.logrows(), CALIBRATED_BASIS);
  }

  /** The logrows EZKL's calibration picks for {@code uncalibrated}'s rows: the smallest domain holding them. */
  public static int logrowsOf(CircuitCost uncalibrated) {
    return 64 - Long.numberOfLeadingZeros(uncalibrated.rows() + RESERVED_ROWS - 1);
  }

  /** {@code uncalibrated} with the logrows it is estimated at: what compile.json records for a teacher not calibrated. */
  static CircuitCost estimatedCircuit(CircuitCost uncalibrated) {
    return CircuitCost.halo2(logrowsOf(uncalibrated), uncalibrated.rows(), uncalibrated.totalAssignments(),
        uncalibrated.inputScale(), uncalibrated.paramScale());
  }

  private static TeacherEstimate of(int logrows, String basis) {
    long domainRows = 1L << logrows;
    double prove = PROVE_CPU_SECONDS_PER_DOMAIN_ROW * domainRows;
    return new TeacherEstimate(basis, domainRows, PROVE_PEAK_BYTES_PER_DOMAIN_ROW * domainRows, SETUP_OVER_PROVE * prove,
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
