package io.veriregime.runtime.distill;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.distill.DistillSummary.Scores;
import io.veriregime.runtime.distill.DistillSummary.Student;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistillSummaryTest {

  private static DistillSummary summary(double distilledF1, double baselineF1) {
    Scores teacher = new Scores(0.6, 0.4);
    Student baseline = new Student("baseline", new Scores(0.6, 0.3), new Scores(0.6, baselineF1), 0.4, 3, 10);
    Student distilled = new Student("distilled", new Scores(0.6, 0.3), new Scores(0.6, distilledF1), 0.4, 3, 10);
    return new DistillSummary("square", "highest macro-F1", teacher, baseline, List.of(),
        new DistillSummary.Chosen(4, 0.7, "distilled"), distilled,
        new DistillSummary.Retentions(DistillSummary.retention(baseline.test(), teacher),
            DistillSummary.retention(distilled.test(), teacher)),
        DistillSummary.gain(distilled.test(), baseline.test()));
  }

  @Test
  void aLossIsSaidInWordsWithItsSize() {
    assertThat(summary(0.300, 0.342).verdict())
        .startsWith("Distillation lost: the student trained on the labels alone is better by 0.042 macro-F1")
        .contains("distilled student 0.300 vs labels only 0.342");
  }

  @Test
  void aGainCarriesItsSign() {
    assertThat(summary(0.412, 0.400).verdict()).startsWith("Distillation gained +0.012 macro-F1 on the test split");
  }

  @Test
  void noDifferenceIsNotCalledAGain() {
    assertThat(summary(0.4002, 0.4).verdict()).startsWith("Distillation made no difference");
  }
}
