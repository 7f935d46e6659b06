package io.veriregime.runtime.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The Pareto fronts and the choice of a sweep. The choice reads validation scores only: a variant
 * chosen by its test scores would make those scores a selection result instead of an estimate.
 */
public final class SweepChoice {

  private SweepChoice() {}

  /**
   * The variants (as measured, in order) with their Pareto flags set, and the choice: the verified
   * variant with the highest validation {@code metric}, fewer circuit rows breaking a tie, then the id.
   */
  public static SweepSummary summarise(String experiment, String metric, List<SweepSummary.VariantResult> measured,
                                       double wallSeconds) {
    List<SweepSummary.VariantResult> verified = measured.stream().filter(SweepSummary.VariantResult::verified).toList();
    List<SweepSummary.VariantResult> flagged = new ArrayList<>();
    for (SweepSummary.VariantResult v : measured) {
      flagged.add(new SweepSummary.VariantResult(v.id(), v.overrides(), v.directory(), v.sharedFrom(), v.validation(),
          v.test(), v.backend(), v.rows(), v.rowsAre(), v.setup(), v.prove(), v.verify(), v.proofBytes(), v.vkBytes(), v.pkBytes(),
          v.proofs(), v.verified(), v.gatesPassed(), v.gates(),
          v.verified() && onFront(v, verified, metric, r -> r.prove().meanSeconds()),
          v.verified() && onFront(v, verified, metric, r -> r.rows())));
    }
    SweepSummary.VariantResult chosen = verified.stream().max(Comparator
            .<SweepSummary.VariantResult>comparingDouble(v -> v.selectionScore(metric))
            .thenComparing(Comparator.<SweepSummary.VariantResult>comparingLong(SweepSummary.VariantResult::rows).reversed())
            .thenComparing(Comparator.comparing(SweepSummary.VariantResult::id).reversed()))
        .orElse(null);
    String reason = chosen == null ? "no variant's proofs verified: nothing to choose"
        : String.format(Locale.ROOT, "highest validation %s (%.4f) of %d verified variant(s); fewer circuit rows"
            + " break a tie; test scores are not read", metric, chosen.selectionScore(metric), verified.size());
    return new SweepSummary(SweepSummary.SCHEMA_VERSION, experiment, metric, flagged,
        chosen == null ? null : chosen.id(), reason, wallSeconds);
  }

  /** No other verified variant is at least as good on both (higher metric, lower cost) and better on one. */
  static boolean onFront(SweepSummary.VariantResult v, List<SweepSummary.VariantResult> all, String metric,
                         ToDoubleFunction<SweepSummary.VariantResult> cost) {
    double score = v.selectionScore(metric);
    double own = cost.applyAsDouble(v);
    return all.stream().noneMatch(o -> o.selectionScore(metric) >= score && cost.applyAsDouble(o) <= own
        && (o.selectionScore(metric) > score || cost.applyAsDouble(o) < own));
  }
}
