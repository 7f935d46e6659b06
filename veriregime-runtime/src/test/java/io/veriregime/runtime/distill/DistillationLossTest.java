package io.veriregime.runtime.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.veriregime.runtime.train.CrossEntropyLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The KD loss on two samples worked out by hand. Student logits z_s = [[1, 0, −1], [0.5, 0.5, 0]],
 * teacher logits z_t = [[0, 1, 2], [2, 0, 0]], labels [2, 0], T = 2, α = 0.5.
 *
 * <p>Sample 1: p_t = softmax([0, .5, 1]) = [.1863, .3072, .5065], log p_s = log softmax([.5, 0, −.5])
 * = [−.4076, −.9076, −1.4076]; KL = Σ p_t (log p_t − log p_s) = .2959. Sample 2: p_t = softmax([1, 0, 0])
 * = [.5761, .2119, .2119], p_s = softmax([.25, .25, 0]); KL = .1239. Batch mean KL = .2099.
 * CE: −log softmax(z_s)[2] = 2.4076, −log softmax(z_s)[0] = .9580; mean 1.6828.
 * Loss = .5 · 4 · .2099 + .5 · 1.6828 = 1.2612 (PyTorch's kl_div(batchmean)/cross_entropy agree).
 */
class DistillationLossTest {

  @RegisterExtension
  static final PyTorchManager torch = new PyTorchManager();

  /** The two samples worked by hand above: labels {@code [2, 0]} and the teacher's logits. */
  private static NDList labels() {
    return new NDList(torch.manager().create(new int[] {2, 0}).toType(DataType.INT64, false),
        torch.manager().create(new float[] {0, 1, 2, 2, 0, 0}, new Shape(2, 3)));
  }

  /** The student's logits for those two samples. */
  private static NDList student() {
    return new NDList(torch.manager().create(new float[] {1, 0, -1, 0.5f, 0.5f, 0}, new Shape(2, 3)));
  }

  private static float loss(double temperature, double alpha) {
    return new DistillationLoss(temperature, alpha, null).evaluate(labels(), student()).getFloat();
  }

  @Test
  void matchesTheHandComputedMixOfKlAndCrossEntropy() {
    assertThat(loss(2, 0.5)).isCloseTo(1.26124f, within(1e-4f));
  }

  @Test
  void alphaOneIsTheTemperatureScaledKlAndAlphaZeroIsTheCrossEntropy() {
    assertThat(loss(2, 1)).isCloseTo(4 * 0.209917f, within(1e-4f));
    assertThat(loss(2, 0)).isCloseTo(1.682813f, within(1e-4f));
  }

  @Test
  void classWeightsWeighTheCrossEntropyTermAsTheyWeighTheBaselinesLoss() {
    float[] weights = {0.5f, 1f, 2f};
    NDList labels = labels();
    NDList student = student();

    float distilled = new DistillationLoss(2, 0, weights).evaluate(labels, student).getFloat();
    float baseline = new CrossEntropyLoss(0, weights).evaluate(new NDList(labels.get(0)), student).getFloat();

    assertThat(distilled).isCloseTo(baseline, within(1e-5f)).isNotCloseTo(loss(2, 0), within(1e-3f));
  }

  @Test
  void isZeroKlWhenStudentEqualsTeacher() {
    NDList labels = new NDList(torch.manager().create(new int[] {1}).toType(DataType.INT64, false),
        torch.manager().create(new float[] {0.3f, -1, 2}, new Shape(1, 3)));
    NDList student = new NDList(torch.manager().create(new float[] {0.3f, -1, 2}, new Shape(1, 3)));
    assertThat(new DistillationLoss(4, 1, null).evaluate(labels, student).getFloat()).isCloseTo(0f, within(1e-6f));
  }
}
