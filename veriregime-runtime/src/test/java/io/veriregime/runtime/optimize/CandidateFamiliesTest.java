package io.veriregime.runtime.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.OptimizeCandidate;
import org.junit.jupiter.api.Test;

/** Every value {@code optimize.candidates} accepts has a family that builds it. */
class CandidateFamiliesTest {

  @Test
  void everyCandidateHasItsFamily() {
    for (OptimizeCandidate candidate : OptimizeCandidate.values()) {
      assertThat(CandidateFamilies.of(candidate)).as(candidate.yamlName()).isNotNull();
    }
    assertThat(CandidateFamilies.of(OptimizeCandidate.RELU_FIT)).isInstanceOf(ActivationSwap.class);
    assertThat(CandidateFamilies.of(OptimizeCandidate.PTQ)).isInstanceOf(PostTrainingQuantisation.class);
    assertThat(CandidateFamilies.of(OptimizeCandidate.QAT)).isInstanceOf(QuantisationAware.class);
    assertThat(CandidateFamilies.of(OptimizeCandidate.HAWQ)).isInstanceOf(HessianMixedPrecision.class);
  }
}
