package io.veriregime.runtime.train;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * Logits [[1, 0, −1], [0.5, 0.5, 0]], labels [2, 0]. −log softmax: sample 1 [.4076, .9076, 1.4076] + 1
 * for class 2 → 2.4076; sample 2 [.9580, .9580, 1.4580] → .9580.
 */
@RunsTools
class CrossEntropyLossTest {

  private static float loss(double smoothing, float[] weights) {
    System.setProperty("ai.djl.offline", "true");
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDList labels = new NDList(manager.create(new int[] {2, 0}).toType(DataType.INT64, false));
      NDList logits = new NDList(manager.create(new float[] {1, 0, -1, 0.5f, 0.5f, 0}, new Shape(2, 3)));
      return new CrossEntropyLoss(smoothing, weights).evaluate(labels, logits).getFloat();
    }
  }

  @Test
  void plainCrossEntropyIsTheMeanNegativeLogLikelihood() {
    assertThat(loss(0, null)).isCloseTo((2.40761f + 0.95805f) / 2, within(1e-4f));
  }

  @Test
  void labelSmoothingMixesInTheMeanOverAllClasses() {
    // (1 − .1)·1.6827 + .1 · mean over samples of the mean −log p over classes (1.9076, 1.1244) = 1.6411
    assertThat(loss(0.1, null)).isCloseTo(1.64115f, within(1e-4f));
  }

  @Test
  void classWeightsGiveAWeightedMean() {
    // (3 · 2.4076 + 1 · .9580) / (3 + 1)
    assertThat(loss(0, new float[] {1, 2, 3})).isCloseTo(2.04521f, within(1e-4f));
  }

  @Test
  void balancedWeightsAreInverseClassFrequency() {
    assertThat(CrossEntropyLoss.balancedWeights(new int[] {1, 1, 1, 0, 2, 2}))
        .containsExactly(new float[] {2f, 2f / 3, 1f}, within(1e-6f));
  }
}
