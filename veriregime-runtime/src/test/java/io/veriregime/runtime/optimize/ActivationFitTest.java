package io.veriregime.runtime.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActivationFitTest {

  @Test
  void aPolynomialOfTheFittedDegreeIsRecoveredExactly() {
    ActivationFit fit = ActivationFit.of(x -> 1 + 2 * x - 0.5 * x * x, -3, 2, 2);

    assertThat(fit.coefficients()).hasSize(3);
    assertThat(fit.coefficients().get(0)).isCloseTo(1, within(1e-9));
    assertThat(fit.coefficients().get(1)).isCloseTo(2, within(1e-9));
    assertThat(fit.coefficients().get(2)).isCloseTo(-0.5, within(1e-9));
    assertThat(fit.maxError()).isLessThan(1e-9);
  }

  /**
   * The continuous least-squares quadratic of |x| on [−1, 1] is 3/16 + 15/16·x² (Legendre), so that
   * of ReLU = (x + |x|)/2 is 3/32 + x/2 + 15/32·x²; 257 evenly spaced points come close to it.
   */
  @Test
  void reluOnASymmetricRangeMatchesTheLegendreSolution() {
    ActivationFit fit = ActivationFit.of(ActivationFit::relu, -1, 1, 2);

    assertThat(fit.coefficients().get(0)).isCloseTo(3.0 / 32, within(2e-3));
    assertThat(fit.coefficients().get(1)).isCloseTo(0.5, within(1e-9));
    assertThat(fit.coefficients().get(2)).isCloseTo(15.0 / 32, within(2e-3));
    assertThat(fit.low()).isEqualTo(-1);
    assertThat(fit.high()).isEqualTo(1);
  }

  @Test
  void geluIsTheExactOneAndHornerEvaluatesAscendingCoefficients() {
    assertThat(ActivationFit.gelu(1)).isCloseTo(0.8413447460685429, within(1e-12));
    assertThat(ActivationFit.gelu(-1)).isCloseTo(-0.15865525393145707, within(1e-12));
    assertThat(ActivationFit.evaluate(List.of(1.0, -2.0, 0.5, 3.0), 2)).isEqualTo(1 - 4 + 2 + 24);
  }
}
