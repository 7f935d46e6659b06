package io.veriregime.runtime.experiment;

import java.util.List;

/**
 * The {@code student:} section: the MLP that is distilled and proved.
 *
 * @param hidden widths of the hidden layers (input 480 = window × features, output 3)
 * @param gradientClip maximum gradient norm (0 = off); keeps polynomial activations stable
 */
public record StudentConfig(
    List<Integer> hidden,
    double dropout,
    Activation activation,
    int epochs,
    int batchSize,
    double learningRate,
    double weightDecay,
    int patience,
    double gradientClip,
    ClassWeights classWeights,
    SelectionMetric selectBy)
    implements ConfigSection {

  static final StudentConfig DEFAULTS = new StudentConfig(List.of(128), 0.3, Activation.SQUARE, 50, 256, 1e-3,
      1e-4, 10, 1.0, ClassWeights.BALANCED, SelectionMetric.MACRO_F1);

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(!hidden.isEmpty(), "hidden", "must list at least one hidden width", "The default is [128].");
    checks.require(hidden.stream().allMatch(w -> w > 0 && w <= StudentMemory.MAX_WIDTH), "hidden", "widths must be"
        + " between 1 and " + StudentMemory.MAX_WIDTH + ", got " + hidden, "Use e.g. [128] or [64, 32].");
    checks.require(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1), got " + dropout, "The default is 0.3.");
    checks.positive(epochs, "epochs");
    checks.positive(batchSize, "batchSize");
    checks.positive(patience, "patience");
    checks.require(learningRate > 0 && learningRate < 1, "learningRate", "must be in (0, 1), got " + learningRate, "The default is 0.001.");
    checks.weightDecay(weightDecay, learningRate, "0.0001");
    checks.require(gradientClip >= 0, "gradientClip", "must be 0 (off) or more, got " + gradientClip, "The default is 1.0.");
  }
}
