package io.veriregime.runtime.zk;

import io.veriregime.runtime.experiment.BudgetConfig;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Whether proving the teacher fits zk.budget, estimated before trying it. Halo2's setup and
 * proving work (FFTs and multi-scalar multiplications over the whole domain) and the proving key
 * grow with the domain size 2^logrows, so the student's measured setup is scaled by
 * 2^(teacher logrows − student logrows). Proving costs about what setup costs (measured: 7.1 s
 * vs 6.7 s for the 480→128→64→32→3 student at logrows 16), so one proof is estimated at one setup.
 *
 * @param scale 2^(teacher logrows − student logrows)
 * @param peakMemoryBytes estimated peak memory of the teacher's setup/prove process
 * @param setupSeconds estimated SRS generation (when generated) plus setup
 * @param proveSeconds estimated time of one proof
 * @param reason why it is not attempted; null when it fits
 */
record TeacherBudget(double scale, long peakMemoryBytes, double setupSeconds, double proveSeconds, String reason) {

  static TeacherBudget estimate(CircuitSettings student, EzklStep studentSetup, double studentSrsSeconds,
                                CircuitSettings teacher, BudgetConfig budget) {
    double scale = Math.pow(2, teacher.logrows() - student.logrows());
    long memory = (long) (studentSetup.peakRssBytes() * scale);
    double setup = (studentSetup.seconds() + studentSrsSeconds) * scale;
    double prove = studentSetup.seconds() * scale;
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
    estimate.put("basis", "student's measured setup scaled by 2^(teacher logrows - student logrows)");
    estimate.put("scale", scale);
    estimate.put("peakMemoryBytes", peakMemoryBytes);
    estimate.put("setupSeconds", setupSeconds);
    estimate.put("proveSeconds", proveSeconds);
    return estimate;
  }
}
