package io.veriregime.runtime.experiment;

import java.util.List;

/**
 * The {@code optimize:} section: which cheaper-to-prove students to fine-tune from the distilled
 * one, and how to choose the one zk-compile proves.
 *
 * @param skip prove the distilled student as it is; nothing is fine-tuned
 * @param candidates the candidates to fine-tune and measure, in this order
 * @param epochs fine-tuning epochs per candidate (the same seeded budget for each)
 * @param learningRate fine-tuning learning rate, below the student's: the weights start trained
 * @param fitDegree degree of the fixed polynomial fits of ReLU and GELU
 * @param metric the validation score a candidate may lose against the distilled student
 * @param maxDrop the most a candidate may lose on {@code metric} and still be chosen
 * @param select a candidate to choose whatever it costs; null to choose by evidence
 * @param bits the weight bit width of the {@code ptq} and {@code qat} candidates (one width, so that qat's
 *     gain over ptq is what fine-tuning bought at that width)
 * @param hawq the bit range, budget and Hessian estimate of the {@code hawq} candidate
 */
public record OptimizeConfig(
    boolean skip,
    List<OptimizeCandidate> candidates,
    int epochs,
    double learningRate,
    int fitDegree,
    OptimizeMetric metric,
    double maxDrop,
    OptimizeCandidate select,
    int bits,
    HawqConfig hawq)
    implements ConfigSection {

  static final OptimizeConfig DEFAULTS = new OptimizeConfig(false,
      List.of(OptimizeCandidate.RELU, OptimizeCandidate.SQUARE, OptimizeCandidate.POLY2), 3, 3e-4, 2,
      OptimizeMetric.MACRO_F1, 0.03, null, 8, HawqConfig.DEFAULTS);

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(!candidates.isEmpty(), "candidates", "must list at least one candidate",
        "Use e.g. [relu, square, poly2], or set optimize.skip: true to prove the distilled student.");
    checks.require(candidates.stream().distinct().count() == candidates.size(), "candidates",
        "lists a candidate twice: " + candidates, "List each candidate once.");
    checks.positive(epochs, "epochs");
    checks.require(learningRate > 0 && learningRate < 1, "learningRate", "must be in (0, 1), got " + learningRate,
        "The default is 0.0003.");
    checks.require(fitDegree >= 2 && fitDegree <= 4, "fitDegree", "must be 2, 3 or 4, got " + fitDegree,
        "Each degree adds a multiplication per activation; 2 is the cheapest that bends.");
    checks.require(maxDrop >= 0 && maxDrop < 1, "maxDrop", "must be in [0, 1), got " + maxDrop, "The default is 0.03.");
    checks.require(select == null || candidates.contains(select), "select",
        "names " + (select == null ? "" : select.yamlName()) + ", which is not in optimize.candidates " + candidates,
        "Add it to optimize.candidates or remove optimize.select.");
    checks.require(bits >= 2 && bits <= 16, "bits", "must be in 2..16, got " + bits, "The design documents use 4 to 8.");
  }
}
