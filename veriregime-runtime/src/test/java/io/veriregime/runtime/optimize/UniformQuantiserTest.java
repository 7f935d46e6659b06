package io.veriregime.runtime.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.veriregime.runtime.model.Layer;
import java.util.List;
import java.util.Random;

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

  @Test
  void eachLinearLayerGetsItsOwnWidthAndNothingElseChanges() {
    Layer.Weight w0 = Layer.Weight.of("fc0.weight", new int[] {2, 2}, new float[] {0.9f, -0.3f, 0.2f, 0.05f});
    Layer.Weight b0 = Layer.Weight.of("fc0.bias", new int[] {2}, new float[] {0.123f, -0.456f});
    Layer.Weight w1 = Layer.Weight.of("out.weight", new int[] {1, 2}, new float[] {0.5f, -0.17f});
    Layer.Weight b1 = Layer.Weight.of("out.bias", new int[] {1}, new float[] {0.01f});
    List<Layer> layers = List.of(new Layer.Flatten(), new Layer.Linear(w0, b0), new Layer.Square(),
        new Layer.Linear(w1, b1));

    List<Layer> quantised = UniformQuantiser.quantiseLinears(layers, List.of(4, 8));

    Layer.Linear first = (Layer.Linear) quantised.get(1);
    Layer.Linear second = (Layer.Linear) quantised.get(3);
    assertThat(first.quantisation().bits()).isEqualTo(4);
    assertThat(second.quantisation().bits()).isEqualTo(8);
    assertThat(first.weight().data()).containsExactly(UniformQuantiser.quantise(w0.data(), 4).values());
    assertThat(first.bias()).isEqualTo(b0);
    assertThat(quantised.get(2)).isEqualTo(new Layer.Square());
    assertThatThrownBy(() -> UniformQuantiser.quantiseLinears(layers, List.of(4)))
        .hasMessageContaining("1 bit widths for 2 linear layers");
  }

  @Test
  void theNoiseShrinksWithTheSquareOfTheStep() {
    Random random = new Random(1);
    float[] weights = new float[10_000];
    for (int i = 0; i < weights.length; i++) weights[i] = (float) random.nextGaussian();
    for (int bits = 4; bits < 8; bits++) {
      double ratio = UniformQuantiser.squaredError(weights, bits) / UniformQuantiser.squaredError(weights, bits + 1);
      // a uniform grid's noise is step²/12 per weight, and the step is max|w| / (2^(bits−1) − 1)
      double stepRatio = (double) UniformQuantiser.levels(bits + 1) / UniformQuantiser.levels(bits);
      assertThat(ratio).as(bits + " → " + (bits + 1)).isCloseTo(stepRatio * stepRatio, within(0.1 * stepRatio * stepRatio));
    }
    assertThat(UniformQuantiser.squaredError(UniformQuantiser.quantise(weights, 6).values(), 6)).isZero();
  }
}
