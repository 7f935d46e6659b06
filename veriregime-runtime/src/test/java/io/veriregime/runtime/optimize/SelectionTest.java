package io.veriregime.runtime.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.OptimizeMetric;
import io.veriregime.runtime.proving.CircuitCost;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionTest {

  private static Selection.Candidate candidate(String name, double drop, long rows) {
    Selection.Scores scores = new Selection.Scores(0.5, 0.4);
    return new Selection.Candidate(name, name, "candidates/" + name, scores, scores, drop, drop, "x.onnx", "ab", 0,
        CircuitCost.halo2(14, rows, rows * 3, 7, 7), List.of(), null, null);
  }

  private static Selection.Candidate failed(String name) {
    return new Selection.Candidate(name, name, "candidates/" + name, null, null, Double.NaN, Double.NaN, null, null,
        Double.NaN, null, List.of(), null, "fine-tuning diverged");
  }

  private static final List<Selection.Candidate> CANDIDATES = List.of(
      candidate("distilled", 0, 9000), candidate("relu", -0.01, 12000), candidate("square", 0.05, 3000),
      candidate("poly2", 0.02, 5000), failed("poly3"), candidate("relu-fit", 0.03, 5000));

  @Test
  void theCheapestWithinTheDropWinsAndTheFirstOnATie() {
    Selection selection = Selection.choose(CANDIDATES, OptimizeMetric.MACRO_F1, 0.03, null);

    assertThat(selection.chosen()).isEqualTo("poly2");
    assertThat(selection.reason()).contains("5,000").contains("9,000").contains("macro-f1").contains("0.030");
    assertThat(selection.candidates()).isEqualTo(CANDIDATES);
  }

  @Test
  void theDistilledStudentIsChosenWhenEveryCheaperOneLosesTooMuch() {
    assertThat(Selection.choose(CANDIDATES, OptimizeMetric.MACRO_F1, 0.01, null).chosen()).isEqualTo("distilled");
  }

  @Test
  void aPinnedCandidateIsChosenWhateverItCosts() {
    Selection selection = Selection.choose(CANDIDATES, OptimizeMetric.ACCURACY, 0.03, "relu");

    assertThat(selection.chosen()).isEqualTo("relu");
    assertThat(selection.reason()).startsWith("pinned by optimize.select");
  }

  @Test
  void aCandidateBuiltByNameIsTheOneItsComponentsMake() {
    Selection.Scores scores = new Selection.Scores(0.5, 0.4);
    assertThat(Selection.Candidate.builder("relu", "relu", "candidates/relu").scores(scores, scores, -0.01, -0.01)
        .onnx("x.onnx", "ab", 0).cost(CANDIDATES.get(1).cost()).build()).isEqualTo(CANDIDATES.get(1));
    assertThat(Selection.Candidate.builder("poly3", "poly3", "candidates/poly3").failure("fine-tuning diverged").build())
        .isEqualTo(failed("poly3"));
  }
}
