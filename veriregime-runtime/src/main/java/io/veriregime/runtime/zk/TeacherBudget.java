package io.veriregime.runtime.zk;

import io.veriregime.runtime.experiment.BudgetConfig;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Whether proving the teacher fits zk.budget, estimated before trying it. Halo2's setup and
 * proving work (FFTs and multi-scalar multiplications over the whole domain) grow with the domain
 * size 2^logrows, so the student's measured setup is scaled by 2^(teacher logrows − student
 * logrows), with two factors measured by ProvingBenchmark on the design-size models (ezkl 23.0.5,
 * 2 cores; student logrows 16, teacher logrows 20):
 * <ul>
 *   <li>a proof takes about 1.5× its circuit's setup (student 14.6 s / 9.9 s, teacher 450 s / 310 s);
 *   <li>the teacher's proof peaked at 21.8 GB, 3.2 × (16 × the student's 422 MB setup peak): its
 *       ReLU/max-pool lookups add columns that the row count alone does not show.
 * </ul>
 *
 * @param scale 2^(teacher logrows − student logrows)
 * @param peakMemoryBytes estimated peak memory of the teacher's proving process
 * @param setupSeconds estimated SRS generation (when generated) plus setup
 * @param proveSeconds estimated time of one proof
 * @param reason why it is not attempted; null when it fits
 */
record TeacherBudget(double scale, long peakMemoryBytes, double setupSeconds, double proveSeconds, String reason) {

  static final double PROVE_OVER_SETUP_TIME = 1.5;
  static final double PROVE_MEMORY_OVER_SCALED_SETUP = 3.2;

  static TeacherBudget estimate(CircuitSettings student, EzklStep studentSetup, double studentSrsSeconds,
                                CircuitSettings teacher, BudgetConfig budget) {
    double scale = Math.pow(2, teacher.logrows() - student.logrows());
    long memory = (long) (studentSetup.peakRssBytes() * scale * PROVE_MEMORY_OVER_SCALED_SETUP);
    double setup = (studentSetup.seconds() + studentSrsSeconds) * scale;
    double prove = studentSetup.seconds() * scale * PROVE_OVER_SETUP_TIME;
    String reason = null;
    if (memory > budget.memory().bytes()) {
      reason = String.format(Locale.ROOT, "estimated peak memory %,d MB exceeds zk.budget.memory %s", memory >> 20, budget.memory());
    } else if (setup + prove > budget.time().toMillis() / 1000.0) {
      reason = String.format(Locale.ROOT, "estimated setup + one proof %.0f s exceeds zk.budget.time %d s",
          setup + prove, budget.time().toSeconds());
    }
    return new TeacherBudget(scale, memory, setup, prove, reason);
  }

  boolean fits() {
    return reason == null;
  }

  Map<String, Object> describe() {
    Map<String, Object> estimate = new LinkedHashMap<>();
    estimate.put("basis", "student's measured setup scaled by 2^(teacher logrows - student logrows); proof = "
        + PROVE_OVER_SETUP_TIME + " x setup time, proof memory = " + PROVE_MEMORY_OVER_SCALED_SETUP
        + " x scaled setup memory (factors measured by ProvingBenchmark)");
    estimate.put("scale", scale);
    estimate.put("peakMemoryBytes", peakMemoryBytes);
    estimate.put("setupSeconds", setupSeconds);
    estimate.put("proveSeconds", proveSeconds);
    return estimate;
  }
}
