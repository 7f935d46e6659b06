package io.veriregime.runtime.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.experiment.LogrowsObjective;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The choice among recorded trials: the default student's figures as issue 11 measured them. */
class LogrowsTrialsTest {

  static final long MB = 1L << 20;
  static final LogrowsTrials.Trial CALIBRATED_16 = trial(16, 15.0, 654 * MB, 277 * MB, 3_072);
  static final LogrowsTrials.Trial FEWER_ROWS_15 = trial(15, 13.1, 540 * MB, 227 * MB, 5_344);
  static final LogrowsTrials.Trial SLOWER_14 = trial(14, 16.2, 520 * MB, 200 * MB, 9_000);

  @Test
  void proveTimeKeepsTheSizeWithTheLeastProveCpu() {
    LogrowsTrials chosen = LogrowsTrials.choose(LogrowsObjective.PROVE_TIME, List.of(CALIBRATED_16, FEWER_ROWS_15, SLOWER_14));

    assertThat(chosen.calibratedLogrows()).isEqualTo(16);
    assertThat(chosen.chosenLogrows()).isEqualTo(15);
    assertThat(chosen.reason()).startsWith("kept logrows 15 by prove-time (13.10 s prove CPU)")
        .contains("logrows 16 (calibrated) 15.00 s prove CPU").contains("logrows 14 16.20 s prove CPU");
    assertThat(chosen.trials()).containsExactly(CALIBRATED_16, FEWER_ROWS_15, SLOWER_14);
  }

  @Test
  void proofSizeKeepsTheCalibratedSizeWhoseProofIsSmallest() {
    assertThat(LogrowsTrials.choose(LogrowsObjective.PROOF_SIZE, List.of(CALIBRATED_16, FEWER_ROWS_15)).chosenLogrows())
        .isEqualTo(16);
  }

  @Test
  void memoryKeepsTheSizeWithTheLowestProvePeak() {
    assertThat(LogrowsTrials.choose(LogrowsObjective.MEMORY, List.of(CALIBRATED_16, FEWER_ROWS_15, SLOWER_14))
        .chosenLogrows()).isEqualTo(14);
  }

  @Test
  void aTrialThatIsNotCorrectIsNeverKeptHoweverFastItLooks() {
    LogrowsTrials.Trial broken = LogrowsTrials.Trial.failed(15, "its proof did not verify: bad");

    LogrowsTrials chosen = LogrowsTrials.choose(LogrowsObjective.PROVE_TIME, List.of(CALIBRATED_16, broken));

    assertThat(chosen.chosenLogrows()).isEqualTo(16);
    assertThat(chosen.reason()).contains("logrows 15 not correct: its proof did not verify: bad");
  }

  @Test
  void aTieKeepsTheLargerSize() {
    LogrowsTrials.Trial sameSpeed = trial(15, 15.0, 540 * MB, 227 * MB, 5_344);

    assertThat(LogrowsTrials.choose(LogrowsObjective.PROVE_TIME, List.of(CALIBRATED_16, sameSpeed)).chosenLogrows())
        .isEqualTo(16);
  }

  @Test
  void theCalibratedTrialIsTheReferenceAndMustBeCorrect() {
    assertThatThrownBy(() -> LogrowsTrials.choose(LogrowsObjective.PROVE_TIME,
        List.of(LogrowsTrials.Trial.failed(16, "no"), FEWER_ROWS_15))).isInstanceOf(IllegalArgumentException.class);
  }

  private static LogrowsTrials.Trial trial(int logrows, double proveCpu, long peak, long pk, long proof) {
    return new LogrowsTrials.Trial(logrows, true, null, 5.0, proveCpu / 2, proveCpu, peak, pk, proof);
  }
}
