package io.veriregime.runtime.experiment;

/**
 * A student variant the optimize goal fine-tunes from the distilled student and measures: the
 * hidden activation it is fine-tuned with.
 */
public enum OptimizeCandidate implements ConfigEnum {
  /** The reference: exact, but a lookup table per activation in a circuit. */
  RELU,
  /** x²: one multiplication. */
  SQUARE,
  /** Learnable a·x² + b·x + c per layer. */
  POLY2,
  /** Learnable d·x³ + a·x² + b·x + c per layer. */
  POLY3,
  /** A fixed least-squares polynomial fit of ReLU over each layer's observed pre-activation range. */
  RELU_FIT,
  /** A fixed least-squares polynomial fit of GELU over each layer's observed pre-activation range. */
  GELU_FIT,
  /**
   * The distilled student itself with every linear layer's weights uniformly quantised to
   * {@code optimize.bits} after training (no fine-tuning).
   */
  PTQ,
  /**
   * Quantisation-aware fine-tuning: the distilled student fine-tuned with every linear layer's weights
   * fake-quantised to {@code optimize.bits} in the forward pass (straight-through gradients), then
   * exported on that grid.
   */
  QAT,
  /**
   * Hessian-aware mixed precision: per-layer bit widths in {@code optimize.hawq}'s range under its
   * average-bit budget, more bits where the loss's Hessian says the layer is most sensitive; then
   * quantisation-aware fine-tuning with those widths.
   */
  HAWQ
}
