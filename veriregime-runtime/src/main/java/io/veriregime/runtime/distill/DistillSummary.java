package io.veriregime.runtime.distill;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.veriregime.runtime.experiment.SelectionMetric;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.model.ModelMetrics;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code distill/summary.json}: the teacher's test scores, both students, the whole T × α grid and
 * which point was kept, retention (student / teacher on test) and what distillation adds over the
 * baseline student. Written and read back (by the report) only as this record.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DistillSummary(String activation, String selection, Scores teacher, Student baseline, List<GridPoint> grid,
                      Chosen chosen, Student distilled, Retentions retention, Scores distillationGain) {

  /** How the kept distilled student was chosen from the grid. */
  static String selection(SelectionMetric metric) {
    return "highest " + metric.description() + " over the temperature x alpha grid (first wins ties)";
  }

  public record Scores(double accuracy, double macroF1) {}

  public record Student(String directory, Scores validation, Scores test, double testBalancedAccuracy, int bestEpoch,
                 int epochsRun) {
    static Student of(String directory, ModelMetrics metrics) {
      return new Student(directory, new Scores(metrics.validation().accuracy(), metrics.validation().macroF1()),
          new Scores(metrics.test().accuracy(), metrics.test().macroF1()), metrics.test().balancedAccuracy(),
          metrics.bestEpoch(), metrics.epochsRun());
    }
  }

  public record GridPoint(double temperature, double alpha, double validationLoss, Scores validation, Scores test,
                   int bestEpoch) {}

  public record Chosen(double temperature, double alpha, String directory) {}

  public record Retentions(Scores baseline, Scores distilled) {}

  public static DistillSummary read(Path file) {
    return JsonFiles.read(file, DistillSummary.class);
  }

  /** Student / teacher test accuracy and macro-F1 (0 when the teacher scores 0). */
  static Scores retention(Scores student, Scores teacher) {
    return new Scores(ratio(student.accuracy(), teacher.accuracy()), ratio(student.macroF1(), teacher.macroF1()));
  }

  /**
   * What distillation did, in words, by the test macro-F1 gain: a report states a loss as plainly as
   * a gain (a table of numbers alone lets a reader miss the sign).
   */
  public String verdict() {
    double gain = distillationGain.macroF1();
    String figures = String.format(java.util.Locale.ROOT, "distilled student %.3f vs labels only %.3f test macro-F1",
        distilled.test().macroF1(), baseline.test().macroF1());
    if (Math.abs(gain) < 0.0005) {
      return "Distillation made no difference: " + figures + ".";
    }
    return gain > 0
        ? String.format(java.util.Locale.ROOT, "Distillation gained %+.3f macro-F1 on the test split: %s.", gain, figures)
        : String.format(java.util.Locale.ROOT, "Distillation lost: the student trained on the labels alone is better by"
            + " %.3f macro-F1 on the test split (%s).", -gain, figures);
  }

  static Scores gain(Scores distilled, Scores baseline) {
    return new Scores(distilled.accuracy() - baseline.accuracy(), distilled.macroF1() - baseline.macroF1());
  }

  private static double ratio(double student, double teacher) {
    return teacher == 0 ? 0 : student / teacher;
  }
}
