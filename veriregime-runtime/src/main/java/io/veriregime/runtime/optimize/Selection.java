package io.veriregime.runtime.optimize;

import io.veriregime.runtime.files.JsonFiles;

import io.veriregime.runtime.experiment.OptimizeMetric;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.proving.CircuitCost;
import java.util.Comparator;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code optimize/selection.json}: every candidate with its scores and the circuit cost the proving
 * backend measured for it, which one zk-compile proves, and why.
 *
 * @param skipped optimize.skip was set: nothing was fine-tuned and zk-compile proves the distilled student
 * @param costMeasure what "cheapest" compared
 * @param candidates the distilled student first (unchanged), then each fine-tuned candidate
 * @param chosen the chosen candidate's name; null when skipped
 */
public record Selection(boolean skipped, String metric, double maxDrop, String costMeasure,
                        List<Candidate> candidates, String chosen, String reason) {

  /** The distilled student as distill left it: always a candidate, and the reference for every drop. */
  public static final String DISTILLED = "distilled";
  /** What "cheapest" compares, in the backend's unit ({@code CircuitCost.rowsAre}: rows or constraints). */
  static final String COST_MEASURE = "circuit %s, then logrows, as the proving backend calibrated them for each "
      + "model (prove time is measured by zk-prove for the chosen student only)";

  public record Scores(double accuracy, double macroF1) {
    static Scores of(ClassificationMetrics metrics) {
      return new Scores(metrics.accuracy(), metrics.macroF1());
    }

    double on(OptimizeMetric metric) {
      return switch (metric) {
        case MACRO_F1 -> macroF1;
        case ACCURACY -> accuracy;
      };
    }
  }

  /**
   * One candidate. {@code validationDrop} (the distilled student's validation score minus this one's,
   * on {@code metric}) decides; the test drop is reported beside it, never used to choose.
   *
   * @param activation what the hidden layers compute
   * @param directory the model directory, relative to optimize/
   * @param onnx the ONNX export whose circuit was measured, relative to optimize/
   * @param fits per hidden layer, the fitted range and polynomial (fixed-fit candidates only)
   * @param mixedPrecision the Hessian traces, sensitivities and per-layer widths ({@code hawq} only; else null)
   * @param failure why it could not be measured (e.g. its fine-tuning diverged); null when measured
   */
  public record Candidate(String name, String activation, String directory, Scores validation, Scores test,
                          double validationDrop, double testDrop, String onnx, String onnxSha256,
                          double onnxMaxAbsDifference, CircuitCost cost, List<ActivationFit> fits,
                          MixedPrecision mixedPrecision, String failure) {

    boolean measured() {
      return failure == null;
    }

    /** A candidate built by name; what is not set stays unmeasured (NaN drops and difference, no fits). */
    static Builder builder(String name, String activation, String directory) {
      return new Builder(name, activation, directory);
    }

    static final class Builder {
      private final String name;
      private final String activation;
      private final String directory;
      private Scores validation;
      private Scores test;
      private double validationDrop = Double.NaN;
      private double testDrop = Double.NaN;
      private String onnx;
      private String onnxSha256;
      private double onnxMaxAbsDifference = Double.NaN;
      private CircuitCost cost;
      private List<ActivationFit> fits = List.of();
      private MixedPrecision mixedPrecision;
      private String failure;

      private Builder(String name, String activation, String directory) {
        this.name = name;
        this.activation = activation;
        this.directory = directory;
      }

      Builder scores(Scores validationScores, Scores testScores, double validationDropScore, double testDropScore) {
        this.validation = validationScores;
        this.test = testScores;
        this.validationDrop = validationDropScore;
        this.testDrop = testDropScore;
        return this;
      }

      Builder onnx(String file, String sha256, double maxAbsDifference) {
        this.onnx = file;
        this.onnxSha256 = sha256;
        this.onnxMaxAbsDifference = maxAbsDifference;
        return this;
      }

      Builder cost(CircuitCost circuitCost) {
        this.cost = circuitCost;
        return this;
      }

      Builder fits(List<ActivationFit> layerFits) {
        this.fits = layerFits;
        return this;
      }

      Builder mixedPrecision(MixedPrecision evidence) {
        this.mixedPrecision = evidence;
        return this;
      }

      Builder failure(String why) {
        this.failure = why;
        return this;
      }

      Candidate build() {
        return new Candidate(name, activation, directory, validation, test, validationDrop, testDrop, onnx, onnxSha256,
            onnxMaxAbsDifference, cost, fits, mixedPrecision, failure);
      }
    }
  }

  /** The unit of every candidate's circuit size: {@code rows} (Halo2) or {@code constraints} (R1CS). */
  public String costUnit() {
    return candidates.get(0).cost().rowsAre();
  }

  /** Reads what optimize wrote (check the directory with {@code Upstream.verify} first). */
  public static Selection read(Path file) {
    return JsonFiles.read(file, Selection.class);
  }

  static Selection ofSkipped() {
    return new Selection(true, null, 0, null, List.of(), null,
        "optimize.skip is set: zk-compile proves the distilled student as distill wrote it");
  }

  /**
   * Chooses: the pinned candidate when {@code select} names one; otherwise the cheapest measured
   * candidate whose validation drop stays within {@code maxDrop} (the distilled student, drop 0,
   * always qualifies), first in order on a tie.
   */
  static Selection choose(List<Candidate> candidates, OptimizeMetric metric, double maxDrop, String select) {
    String metricName = metric.yamlName();
    Candidate distilled = candidates.get(0);
    String unit = distilled.cost().rowsAre();
    String costMeasure = String.format(Locale.ROOT, COST_MEASURE, unit);
    if (select != null) {
      Candidate pinned = candidates.stream().filter(c -> c.name().equals(select)).findFirst().orElseThrow();
      if (!pinned.measured()) {
        throw new IllegalStateException("optimize.select names " + select + ", which failed: " + pinned.failure());
      }
      return new Selection(false, metricName, maxDrop, costMeasure, candidates, select, String.format(Locale.ROOT,
          "pinned by optimize.select (validation %s drop %.4f, %,d %s)", metricName, pinned.validationDrop(),
          pinned.cost().rows(), unit));
    }
    Optional<Candidate> cheapest = candidates.stream()
        .filter(Candidate::measured)
        .filter(c -> c.validationDrop() <= maxDrop)
        .min(Comparator.comparingLong((Candidate c) -> c.cost().rows()).thenComparingInt(c -> c.cost().logrows()));
    Candidate chosen = cheapest.orElseThrow(() -> new IllegalStateException("the distilled student must qualify"));
    return new Selection(false, metricName, maxDrop, costMeasure, candidates, chosen.name(), String.format(Locale.ROOT,
        "the fewest circuit %s (%,d; the distilled student has %,d) among the candidates whose validation %s"
            + " drop against the distilled student is at most %.3f (this one: %.4f)",
        unit, chosen.cost().rows(), distilled.cost().rows(), metricName, maxDrop, chosen.validationDrop()));
  }
}
