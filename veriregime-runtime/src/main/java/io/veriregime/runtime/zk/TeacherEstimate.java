package io.veriregime.runtime.zk;

import io.veriregime.runtime.experiment.BudgetConfig;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.StepFigures;
import java.util.Locale;
import java.util.Optional;

/**
 * What proving the teacher would cost, estimated before trying it. Halo2's setup and proving work
 * (FFTs and multi-scalar multiplications over the whole domain) grow with the domain size
 * 2^logrows, so the student's measured setup is scaled by 2^(teacher logrows − student logrows),
 * with two factors measured by ProvingBenchmark on the design-size models (ezkl 23.0.5, 2 cores;
 * student logrows 16, teacher logrows 20):
 * <ul>
 *   <li>a proof takes about 1.5× its circuit's setup (student 14.6 s / 9.9 s, teacher 450 s / 310 s);
 *   <li>the teacher's proof peaked at 21.8 GB, 3.2 × (16 × the student's 422 MB setup peak): its
 *       ReLU/max-pool lookups add columns that the row count alone does not show.
 * </ul>
 *
 * @param basis how the figures were derived
 * @param scale 2^(teacher logrows − student logrows)
 * @param peakMemoryBytes estimated peak memory of the teacher's proving process
 * @param setupSeconds estimated setup material generation (when generated) plus setup
 * @param proveSeconds estimated time of one proof
 */
public record TeacherEstimate(String basis, double scale, long peakMemoryBytes, double setupSeconds, double proveSeconds) {

  static final double PROVE_OVER_SETUP_TIME = 1.5;
  static final double PROVE_MEMORY_OVER_SCALED_SETUP = 3.2;
  static final String BASIS = "student's measured setup scaled by 2^(teacher logrows - student logrows); proof = "
      + PROVE_OVER_SETUP_TIME + " x setup time, proof memory = " + PROVE_MEMORY_OVER_SCALED_SETUP
      + " x scaled setup memory (factors measured by ProvingBenchmark)";

  /**
   * @param studentSetupMaterialSeconds the time spent generating the student's setup material (0 for a file)
   */
  static TeacherEstimate of(CircuitCost student, StepFigures studentSetup, double studentSetupMaterialSeconds,
                            CircuitCost teacher) {
    double scale = Math.pow(2, teacher.logrows() - student.logrows());
    long memory = (long) (studentSetup.peakMemoryBytes() * scale * PROVE_MEMORY_OVER_SCALED_SETUP);
    double setup = (studentSetup.seconds() + studentSetupMaterialSeconds) * scale;
    double prove = studentSetup.seconds() * scale * PROVE_OVER_SETUP_TIME;
    return new TeacherEstimate(BASIS, scale, memory, setup, prove);
  }

  /** Why the teacher does not fit {@code budget}; empty when it does. */
  Optional<String> refusal(BudgetConfig budget) {
    if (peakMemoryBytes > budget.memory().bytes()) {
      return Optional.of(String.format(Locale.ROOT, "estimated peak memory %,d MB exceeds zk.budget.memory %s",
          peakMemoryBytes >> 20, budget.memory()));
    }
    if (setupSeconds + proveSeconds > budget.time().toMillis() / 1000.0) {
      return Optional.of(String.format(Locale.ROOT, "estimated setup + one proof %.0f s exceeds zk.budget.time %d s",
          setupSeconds + proveSeconds, budget.time().toSeconds()));
    }
    return Optional.empty();
  }
}
