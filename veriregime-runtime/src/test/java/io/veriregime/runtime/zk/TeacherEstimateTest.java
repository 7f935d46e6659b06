package io.veriregime.runtime.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.veriregime.runtime.experiment.BudgetConfig;
import io.veriregime.runtime.experiment.ByteSize;
import io.veriregime.runtime.proving.CircuitCost;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TeacherEstimateTest {

  private static CircuitCost uncalibrated(long rows) {
    return CircuitCost.halo2(17, rows, 2 * rows, 7, 7);
  }

  @Test
  void theDomainIsTheSmallestPowerOfTwoHoldingTheRowsAndEzklsReservedRows() {
    // the calibrated logrows of TeacherEstimateBenchmark's teachers
    assertThat(TeacherEstimate.logrowsOf(uncalibrated(121_766))).isEqualTo(17);
    assertThat(TeacherEstimate.logrowsOf(uncalibrated(765_254))).isEqualTo(20);
    assertThat(TeacherEstimate.logrowsOf(uncalibrated((1 << 17) - 8))).isEqualTo(17);
    assertThat(TeacherEstimate.logrowsOf(uncalibrated((1 << 17) - 7))).isEqualTo(18);
  }

  @Test
  void anUncalibratedEstimateRecordsTheEstimatedSizeAndSaysItWasNotCalibrated() {
    TeacherEstimate estimate = TeacherEstimate.ofUncalibrated(uncalibrated(765_254));

    assertThat(estimate.basis()).isEqualTo(TeacherEstimate.UNCALIBRATED_BASIS).startsWith("not calibrated");
    assertThat(estimate.domainRows()).isEqualTo(1 << 20);
    // the design teacher's measured proof: 460 CPU s, 21.8 GB
    assertThat(estimate.proveCpuSeconds()).isCloseTo(460, within(1.0));
    assertThat(estimate.peakMemoryBytes()).isEqualTo(20_790L << 20);
    assertThat(TeacherEstimate.estimatedCircuit(uncalibrated(765_254)))
        .isEqualTo(CircuitCost.halo2(20, 765_254, 2 * 765_254, 7, 7));
  }

  @Test
  void theCalibratedEstimateTakesTheCalibratedLogrows() {
    TeacherEstimate estimate = TeacherEstimate.of(CircuitCost.halo2(12, 3_000, 6_000, 13, 13));

    assertThat(estimate.basis()).isEqualTo(TeacherEstimate.CALIBRATED_BASIS);
    assertThat(estimate.domainRows()).isEqualTo(1 << 12);
  }

  @Test
  void refusesByMemoryThenByCpuTime() {
    TeacherEstimate design = TeacherEstimate.ofUncalibrated(uncalibrated(765_254));

    assertThat(design.refusal(new BudgetConfig(new ByteSize(8L << 30), Duration.ofHours(1))))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("estimated peak memory 20,790 MB exceeds"));
    assertThat(design.refusal(new BudgetConfig(new ByteSize(32L << 30), Duration.ofMinutes(10))))
        .hasValueSatisfying(reason -> assertThat(reason).contains("778 CPU s exceeds zk.budget.time 600 s"));
    assertThat(design.refusal(new BudgetConfig(new ByteSize(32L << 30), Duration.ofMinutes(20)))).isEmpty();
  }
}
