package io.veriregime.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Higher scores are better for every metric: a lower loss, a higher macro-F1 or balanced accuracy. */
class SelectionMetricTest {

  @Test
  void eachMetricRanksEpochsByItsOwnFigure() {
    // epoch a: lower loss; epoch b: better on the rare classes
    double lossA = 0.80, f1A = 0.30, balancedA = 0.34;
    double lossB = 0.85, f1B = 0.40, balancedB = 0.41;

    assertThat(SelectionMetric.LOSS.score(lossA, f1A, balancedA)).isGreaterThan(SelectionMetric.LOSS.score(lossB, f1B, balancedB));
    assertThat(SelectionMetric.MACRO_F1.score(lossA, f1A, balancedA))
        .isLessThan(SelectionMetric.MACRO_F1.score(lossB, f1B, balancedB));
    assertThat(SelectionMetric.BALANCED_ACCURACY.score(lossA, f1A, 0.45))
        .isGreaterThan(SelectionMetric.BALANCED_ACCURACY.score(lossB, f1B, balancedB));
  }
}
