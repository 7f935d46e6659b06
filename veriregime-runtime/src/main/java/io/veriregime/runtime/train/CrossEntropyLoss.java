package io.veriregime.runtime.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import io.veriregime.runtime.model.Classes;

/**
 * Cross-entropy over the 3 classes with label smoothing and optional per-class weights.
 *
 * <p>Per sample: {@code w[y] · −Σ_c q_c · log softmax(z)_c} with {@code q = (1−ε)·onehot(y) + ε/3};
 * the batch loss is the weighted mean {@code Σ_i loss_i / Σ_i w[y_i]} (PyTorch's weighted mean; with
 * smoothing PyTorch also weights the smoothing term by each class's weight, we weight the whole sample
 * by its own class, which keeps the loss an average over samples). Labels are the first element of
 * the label list (int64, shape {@code (n)}); predictions are logits {@code (n, 3)}.
 */
public final class CrossEntropyLoss extends Loss {

  private final double labelSmoothing;
  private final float[] classWeights;

  /** {@code classWeights} null for unweighted; otherwise one weight per class. */
  public CrossEntropyLoss(double labelSmoothing, float[] classWeights) {
    super("cross-entropy");
    this.labelSmoothing = labelSmoothing;
    this.classWeights = classWeights == null ? null : classWeights.clone();
  }

  /** Balanced class weights {@code n / (classes · n_c)} from the train labels (a missing class gets weight 0). */
  public static float[] balancedWeights(int[] trainLabels) {
    int classes = Classes.NAMES.size();
    int[] counts = new int[classes];
    for (int label : trainLabels) counts[label]++;
    float[] weights = new float[classes];
    for (int c = 0; c < classes; c++) {
      weights[c] = counts[c] == 0 ? 0f : (float) trainLabels.length / (classes * counts[c]);
    }
    return weights;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return mean(labels.get(0), predictions.singletonOrThrow(), labelSmoothing, classWeights);
  }

  /** The (weighted) mean smoothed cross-entropy of logits against int64 labels; shared with distillation. */
  public static NDArray mean(NDArray labels, NDArray logits, double labelSmoothing, float[] classWeights) {
    // as few libtorch ops as the formula allows: each one costs a JNI call and an autograd node per batch
    int classes = (int) logits.getShape().get(1);
    NDArray logProbabilities = logits.logSoftmax(1);
    NDArray oneHot = labels.oneHot(classes, logits.getDataType());
    NDArray target = labelSmoothing == 0 ? oneHot
        : oneHot.mul((float) (1 - labelSmoothing)).add((float) (labelSmoothing / classes));
    NDArray targetLogProbabilities = target.mul(logProbabilities);
    if (classWeights == null) {
      return targetLogProbabilities.sum().div(constant(logits, -logits.getShape().get(0)));
    }
    NDArray weights = oneHot.mul(logits.getManager().create(classWeights)).sum(new int[] {1});
    return targetLogProbabilities.sum(new int[] {1}).mul(weights).sum().div(weights.sum().neg());
  }

  /**
   * A 0-d tensor holding {@code value}, in libtorch's own memory, for multiplying or dividing a
   * tensor on the autograd path. Never use DJL's {@code mul(Number)}/{@code div(Number)} there: DJL
   * wraps the number in a tensor over a fresh Java direct buffer (from_blob) and closes it right
   * after the op, but autograd keeps that tensor for the backward pass (grad = grad_out · other). The
   * buffer is then garbage, and when a GC's Cleaner frees it before backward runs, backward reads
   * freed memory: the batch's gradient is scaled by whatever is there, so whether a run is hit, and
   * at which batch, depends on GC timing (same seed, different students).
   */
  public static NDArray constant(NDArray like, float value) {
    return like.getManager().full(new Shape(), value, like.getDataType());
  }
}
