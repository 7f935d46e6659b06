package io.veriregime.runtime.sweep;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code sweep/summary.json}: every variant of a sweep, what it measured, the Pareto fronts and the
 * choice, written and read only as this record. Schema version 1 (raised when a field is removed or
 * changes meaning).
 *
 * @param selectBy sweep.selectBy: the validation metric the choice maximises
 * @param chosen the chosen variant's id; null when no variant's proofs verified
 * @param reason how the choice follows from the validation scores
 * @param wallSeconds the whole sweep, shared stages included
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SweepSummary(int schemaVersion, String experiment, String selectBy, List<VariantResult> variants,
                           String chosen, String reason, double wallSeconds) {

  public static final int SCHEMA_VERSION = 1;

  /**
   * One variant as its own report recorded it (its report.json, checked against its manifest first).
   *
   * @param directory its output root, relative to the sweep's directory
   * @param sharedFrom per stage whose outputs came from another variant (equal configuration and
   *     inputs), that variant's id; the stage checked them against their manifest before using them
   * @param validation the proved student's validation scores (the only ones the choice reads)
   * @param test the proved student's test scores
   * @param rows the student circuit's size in {@code rowsAre}
   * @param rowsAre its unit, as zk-compile's cost record says: {@code rows} (EZKL) or {@code constraints} (Groth16)
   * @param paretoProveTime on the front of validation metric against prove time
   * @param paretoCircuitSize on the front of validation metric against rows
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VariantResult(String id, Map<String, String> overrides, String directory, Map<String, String> sharedFrom,
                              Scores validation, Scores test, String backend, long rows,
                              String rowsAre, Timing setup, Timing prove,
                              Timing verify, long proofBytes, long vkBytes, long pkBytes, int proofs, boolean verified,
                              int gatesPassed, int gates, boolean paretoProveTime, boolean paretoCircuitSize) {

    /** The validation score the choice and the fronts read. */
    public double selectionScore(String metric) {
      return validation.score(metric);
    }
  }

  public record Scores(double accuracy, double macroF1, double balancedAccuracy) {

    /** {@code accuracy}, {@code macro-f1} or {@code balanced-accuracy} (sweep.selectBy's names). */
    public double score(String metric) {
      return switch (metric) {
        case "accuracy" -> accuracy;
        case "balanced-accuracy" -> balancedAccuracy;
        default -> macroF1;
      };
    }
  }

  /** Seconds: mean ± standard error of the mean (null for one measurement). */
  public record Timing(double meanSeconds, Double standardErrorSeconds) {}
}
