package io.veriregime.runtime.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepChoiceTest {

  private static SweepSummary.VariantResult variant(String id, double validationF1, double testF1, double proveSeconds,
                                                    long rows, boolean verified) {
    return new SweepSummary.VariantResult(id, Map.of(), id, Map.of(), new SweepSummary.Scores(0.5, validationF1, 0.5),
        new SweepSummary.Scores(0.5, testF1, 0.5), "groth16", rows, "constraints",
        new SweepSummary.Timing(1, null),
        new SweepSummary.Timing(proveSeconds, 0.1), new SweepSummary.Timing(0.5, null), 256, 100, 1000, 2, verified, 3, 3,
        false, false);
  }

  @Test
  void theChoiceReadsValidationScoresOnlyAndTheFrontsTheirCosts() {
    List<SweepSummary.VariantResult> measured = List.of(
        variant("small", 0.40, 0.60, 1.0, 1_000, true),     // the best test score: never what chooses
        variant("medium", 0.45, 0.41, 2.0, 2_000, true),
        variant("slow", 0.44, 0.44, 3.0, 1_500, true),      // beaten on time by medium, not on rows
        variant("large", 0.50, 0.42, 4.0, 4_000, true),
        variant("unverified", 0.90, 0.90, 0.5, 500, false));

    SweepSummary summary = SweepChoice.summarise("study", "macro-f1", measured, 12.5);

    assertThat(summary.chosen()).isEqualTo("large");
    assertThat(summary.reason()).contains("highest validation macro-f1 (0.5000) of 4 verified").contains("test scores are not read");
    assertThat(summary.variants()).extracting(SweepSummary.VariantResult::paretoProveTime)
        .containsExactly(true, true, false, true, false);
    assertThat(summary.variants()).extracting(SweepSummary.VariantResult::paretoCircuitSize)
        .containsExactly(true, true, true, true, false);
    assertThat(summary.schemaVersion()).isEqualTo(1);
  }

  @Test
  void aTieGoesToTheSmallerCircuitAndNothingVerifiedChoosesNothing() {
    assertThat(SweepChoice.summarise("study", "macro-f1", List.of(variant("b", 0.5, 0.5, 1, 2_000, true),
        variant("a", 0.5, 0.5, 1, 1_000, true)), 1).chosen()).isEqualTo("a");
    SweepSummary none = SweepChoice.summarise("study", "macro-f1", List.of(variant("a", 0.5, 0.5, 1, 1, false)), 1);
    assertThat(none.chosen()).isNull();
    assertThat(none.reason()).contains("no variant's proofs verified");
  }
}
