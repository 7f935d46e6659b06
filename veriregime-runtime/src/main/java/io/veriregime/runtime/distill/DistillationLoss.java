package io.veriregime.runtime.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.veriregime.runtime.train.CrossEntropyLoss;

/**
 * Hinton's knowledge-distillation loss
 * {@code α·T²·KL(softmax(teacher/T) ‖ softmax(student/T)) + (1−α)·CE(student, labels)}.
 *
 * <p>The KL term is averaged over the batch (PyTorch's {@code reduction="batchmean"}); T² keeps its
 * gradients on the same scale as the cross-entropy's whatever the temperature. Labels arrive as
 * {@code [labels (n) int64, teacher logits (n, 3)]}; predictions are the student's logits.
 */
final class DistillationLoss extends Loss {

  private final double temperature;
  private final double alpha;
  /** Per-class weights of the cross-entropy term (balanced classes), or null for none. */
  private final float[] classWeights;

  DistillationLoss(double temperature, double alpha, float[] classWeights) {
    super("distillation");
    this.temperature = temperature;
    this.alpha = alpha;
    this.classWeights = classWeights;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray student = predictions.singletonOrThrow();
    NDArray teacher = labels.get(1);
    float t = (float) temperature;
    // scalars on the student's autograd path are libtorch-owned constants (see CrossEntropyLoss.constant)
    NDArray teacherLogProbabilities = teacher.div(t).logSoftmax(1);
    NDArray studentLogProbabilities = student.div(CrossEntropyLoss.constant(student, t)).logSoftmax(1);
    NDArray kl = teacherLogProbabilities.exp().mul(teacherLogProbabilities.sub(studentLogProbabilities))
        .sum(new int[] {1}).mean();
    NDArray crossEntropy = CrossEntropyLoss.mean(labels.get(0), student, 0, classWeights);
    return kl.mul(CrossEntropyLoss.constant(kl, (float) alpha * t * t))
        .add(crossEntropy.mul(CrossEntropyLoss.constant(crossEntropy, (float) (1 - alpha))));
  }
}
