package io.veriregime.runtime.model;

import java.util.List;

/**
 * What one training run did, epoch by epoch; written as {@code curves.json} for the report.
 *
 * @param bestEpoch             the epoch (1-based) whose weights were kept: lowest validation loss
 * @param trainSamplesPerSecond training throughput over all epochs (forward, backward and update only)
 */
public record TrainingCurves(String model, List<Epoch> epochs, int bestEpoch, boolean stoppedEarly,
                             double trainSamplesPerSecond) {

  /**
   * @param trainSeconds time in the training loop only (batches, forward, backward, update)
   * @param seconds      the whole epoch, validation included
   */
  public record Epoch(int epoch, double trainLoss, double validationLoss, double validationAccuracy,
                      double validationMacroF1, double trainSeconds, double seconds) {}

  public Epoch best() {
    return epochs.get(bestEpoch - 1);
  }
}
