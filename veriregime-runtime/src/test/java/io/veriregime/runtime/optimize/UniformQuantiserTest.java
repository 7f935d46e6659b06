package io.veriregime.runtime.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UniformQuantiserTest {

  @Test
  void weightsLandOnTheGridWithinHalfAStepAndTheLargestIsExact() {
    float[] weights = {0.9f, -0.45f, 0.1f, 0.0f, -0.9f, 0.333f};
    UniformQuantiser.Quantised q = UniformQuantiser.quantise(weights, 4);

    assertThat(q.quantisation().bits()).isEqualTo(4);
    assertThat(q.quantisation().scale()).isCloseTo(0.9f / 7.0, within(1e-12));
    for (int i = 0; i < weights.length; i++) {
      double steps = q.values()[i] / q.quantisation().scale();
      assertThat(steps).isCloseTo(Math.rint(steps), within(1e-5));
      assertThat(Math.abs(Math.rint(steps))).isLessThanOrEqualTo(7);
      assertThat(Math.abs(q.values()[i] - weights[i])).isLessThanOrEqualTo((float) (q.quantisation().scale() / 2 + 1e-7));
    }
    assertThat(q.values()[0]).isEqualTo(0.9f);
    assertThat(q.values()[3]).isZero();
  }

  @Test
  void quantisingWhatIsOnTheGridChangesNothing() {
    UniformQuantiser.Quantised once = UniformQuantiser.quantise(new float[] {0.7f, -0.2f, 0.05f, 0.31f}, 6);
    UniformQuantiser.Quantised twice = UniformQuantiser.quantise(once.values(), 6);

    assertThat(twice.values()).containsExactly(once.values());
    assertThat(twice.quantisation().scale()).isCloseTo(once.quantisation().scale(), within(1e-9));
  }
}
