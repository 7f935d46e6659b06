package io.veriregime.runtime.experiment;

/** The {@code teacher:} section: training of the 1-D CNN. */
public record TeacherConfig(
    int epochs,
    int batchSize,
    double learningRate,
    double weightDecay,
    int patience,
    double labelSmoothing,
    ClassWeights classWeights,
    SelectionMetric selectBy)
    implements ConfigSection {

  static final TeacherConfig DEFAULTS =
      new TeacherConfig(50, 256, 1e-3, 0.01, 10, 0.1, ClassWeights.BALANCED, SelectionMetric.MACRO_F1);

  @Override
  public void validate(ConfigChecks checks) {
    checks.positive(epochs, "epochs");
    checks.positive(batchSize, "batchSize");
    checks.positive(patience, "patience");
    checks.require(learningRate > 0 && learningRate < 1, "learningRate", "must be in (0, 1), got " + learningRate, "The default is 0.001.");
    checks.weightDecay(weightDecay, learningRate, "0.01");
    checks.require(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing", "must be in [0, 1), got " + labelSmoothing, "The default is 0.1.");
  }
}
