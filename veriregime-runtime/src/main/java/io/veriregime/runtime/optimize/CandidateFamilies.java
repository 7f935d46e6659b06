package io.veriregime.runtime.optimize;

import static java.util.Map.entry;

import io.veriregime.runtime.distill.HiddenActivation;
import io.veriregime.runtime.experiment.OptimizeCandidate;
import java.util.Map;

/**
 * Which family builds each {@code optimize.candidates} value: a new candidate is a value of
 * {@link OptimizeCandidate} (its YAML name), a {@link CandidateFamily} and one line here.
 */
final class CandidateFamilies {

  private static final Map<OptimizeCandidate, CandidateFamily> FAMILIES = Map.ofEntries(
      entry(OptimizeCandidate.RELU, ActivationSwap.to(HiddenActivation.Relu::new)),
      entry(OptimizeCandidate.SQUARE, ActivationSwap.to(HiddenActivation.Square::new)),
      entry(OptimizeCandidate.POLY2, ActivationSwap.to(() -> new HiddenActivation.Learnable(true, 2))),
      entry(OptimizeCandidate.POLY3, ActivationSwap.to(() -> new HiddenActivation.Learnable(true, 3))),
      entry(OptimizeCandidate.RELU_FIT, ActivationSwap.fitting(ActivationFit::relu)),
      entry(OptimizeCandidate.GELU_FIT, ActivationSwap.fitting(ActivationFit::gelu)),
      entry(OptimizeCandidate.PTQ, new PostTrainingQuantisation()),
      entry(OptimizeCandidate.QAT, new QuantisationAware()),
      entry(OptimizeCandidate.HAWQ, new HessianMixedPrecision()));

  private CandidateFamilies() {}

  static CandidateFamily of(OptimizeCandidate candidate) {
    CandidateFamily family = FAMILIES.get(candidate);
    if (family == null) {
      throw new IllegalStateException("no candidate family builds " + candidate.yamlName()
          + "; register one in CandidateFamilies");
    }
    return family;
  }
}
