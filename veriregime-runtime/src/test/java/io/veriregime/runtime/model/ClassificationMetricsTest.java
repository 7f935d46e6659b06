package io.veriregime.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  // true:      SELL SELL HOLD HOLD HOLD BUY
  // predicted: SELL HOLD HOLD HOLD SELL HOLD
  private static final int[] LABELS = {0, 0, 1, 1, 1, 2};
  private static final int[] PREDICTED = {0, 1, 1, 1, 0, 1};

  @Test
  void scoresAgainstAHandWorkedConfusionMatrix() {
    ClassificationMetrics metrics = ClassificationMetrics.of(LABELS, PREDICTED, 1);
    assertThat(metrics.confusion()).isDeepEqualTo(new int[][] {{1, 1, 0}, {1, 2, 0}, {0, 1, 0}});
    assertThat(metrics.accuracy()).isCloseTo(3.0 / 6, within(1e-12));
    // SELL p=1/2 r=1/2 f1=1/2; HOLD p=2/4 r=2/3 f1=4/7; BUY never predicted: p=0 r=0 f1=0
    assertThat(metrics.perClass().get("SELL").precision()).isCloseTo(0.5, within(1e-12));
    assertThat(metrics.perClass().get("HOLD").recall()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(metrics.perClass().get("BUY").f1()).isZero();
    assertThat(metrics.perClass().get("BUY").support()).isEqualTo(1);
    assertThat(metrics.macroF1()).isCloseTo((0.5 + 4.0 / 7 + 0) / 3, within(1e-12));
    assertThat(metrics.balancedAccuracy()).isCloseTo((0.5 + 2.0 / 3 + 0) / 3, within(1e-12));
  }

  @Test
  void majorityBaselineAlwaysPredictsTheTrainMajority() {
    ClassificationMetrics metrics = ClassificationMetrics.of(LABELS, PREDICTED, ClassificationMetrics.majorityClass(new int[] {2, 2, 1}));
    assertThat(metrics.majorityBaseline().predicts()).isEqualTo("BUY");
    assertThat(metrics.majorityBaseline().accuracy()).isCloseTo(1.0 / 6, within(1e-12));
    // BUY: p=1/6 r=1 f1=2/7; others 0
    assertThat(metrics.majorityBaseline().macroF1()).isCloseTo(2.0 / 7 / 3, within(1e-12));
    assertThat(metrics.majorityBaseline().balancedAccuracy()).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void argmaxOfLogitsPicksTheFirstLargest() {
    assertThat(ClassificationMetrics.argmax(new float[] {0, 2, 1, 5, 5, -1}, 3)).containsExactly(1, 0);
  }
}
