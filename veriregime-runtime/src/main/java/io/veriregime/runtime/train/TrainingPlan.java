package io.veriregime.runtime.train;

import io.veriregime.runtime.experiment.SelectionMetric;

/**
 * The optimisation budget of one training run, the same record for the teacher and every student so
 * baseline and distilled students get exactly the same budget.
 *
 * @param stage        stage name used as the prefix of progress lines ("train-teacher", "distill")
 * @param label        which model this run trains ("teacher", "baseline", "T=4 α=0.7")
 * @param patience     epochs without a better {@code selectBy} before stopping; 0 disables early stopping
 * @param gradientClip maximum global L2 norm of all gradients (as PyTorch's clip_grad_norm_); 0 disables clipping
 * @param selectBy     what makes an epoch the best one, kept at the end and counted for early stopping
 */
public record TrainingPlan(String stage, String label, int epochs, int batchSize, double learningRate,
                           double weightDecay, int patience, double gradientClip, long seed, SelectionMetric selectBy) {

  public TrainingPlan {
    if (epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("epochs and batch size must be positive: " + epochs + ", " + batchSize);
    }
  }
}
