package io.veriregime.runtime.experiment;

import java.util.List;

/**
 * The {@code distill:} section. Each key takes one value or a list; lists form a grid and the
 * combination best on the validation split is kept.
 */
public record DistillConfig(List<Double> temperature, List<Double> alpha, SelectionMetric selectBy)
    implements ConfigSection {

  static final DistillConfig DEFAULTS = new DistillConfig(List.of(4.0), List.of(0.7), SelectionMetric.MACRO_F1);

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(!temperature.isEmpty() && temperature.stream().allMatch(t -> t > 0), "temperature",
        "must be one or more positive numbers, got " + temperature, "Use e.g. 4 or [2, 4, 8].");
    checks.require(!alpha.isEmpty() && alpha.stream().allMatch(a -> a >= 0 && a <= 1), "alpha",
        "must be one or more numbers in [0, 1], got " + alpha, "Use e.g. 0.7 or [0.5, 0.9].");
    // each grid point's validation loss is its own T and alpha's objective: losses are not comparable across points
    checks.require(selectBy != SelectionMetric.LOSS, "selectBy",
        "cannot be loss: each grid point trains a different objective, so their losses are not comparable",
        "Use macro-f1 (the default) or balanced-accuracy.");
  }
}
