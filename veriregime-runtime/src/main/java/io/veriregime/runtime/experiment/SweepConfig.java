package io.veriregime.runtime.experiment;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code sweep:} section, read only by the {@code sweep} goal: the variants of this experiment it
 * runs. Every combination of the grid's values (and of the months) is one variant: the experiment with
 * those values as overrides, loaded and checked like any other. No stage reads it.
 *
 * @param grid experiment key to the values to try, each as YAML text (e.g. {@code student.hidden: [[16], [32, 16]]})
 * @param months months (YYYY-MM) to run every combination on: each sets data.start and data.end to that month
 * @param selectBy the validation metric the sweep's choice maximises (test scores never choose)
 */
public record SweepConfig(Map<String, List<String>> grid, List<String> months, RetentionMetric selectBy)
    implements ConfigSection {

  private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");
  /** The most variants one sweep may have: each is a whole pipeline run. */
  public static final int MAX_VARIANTS = 256;

  static final SweepConfig DEFAULTS = new SweepConfig(Map.of(), List.of(), RetentionMetric.MACRO_F1);

  public SweepConfig {
    grid = Collections.unmodifiableMap(new TreeMap<>(grid));
    months = List.copyOf(months);
  }

  /** How many variants the grid and the months make (1 for neither: the experiment itself). */
  public long variants() {
    long count = Math.max(1, months.size());
    for (List<String> values : grid.values()) {
      count = Math.min(Long.MAX_VALUE / 2, count * values.size());
    }
    return count;
  }

  @Override
  public void validate(ConfigChecks checks) {
    for (int i = 0; i < months.size(); i++) {
      checks.require(MONTH.matcher(months.get(i)).matches(), "months[" + i + "]",
          "'" + months.get(i) + "' is not a month", "Write it as YYYY-MM, e.g. 2024-01.");
    }
    checks.require(months.stream().distinct().count() == months.size(), "months", "lists a month twice: " + months,
        "List each month once.");
    for (String key : grid.keySet()) {
      checks.require(!key.startsWith("sweep.") && !key.startsWith("cluster.") && !key.equals("name"), "grid." + key,
          "cannot be swept: it says how the sweep runs, not what a variant computes",
          "Sweep experiment keys such as student.hidden, student.activation, distill.temperature or zk.backends.");
      checks.require(months.isEmpty() || !key.startsWith("data.start") && !key.startsWith("data.end"), "grid." + key,
          "is set by sweep.months for every variant", "Sweep either the months or data.start/data.end, not both.");
      List<String> values = grid.get(key);
      checks.require(values.stream().distinct().count() == values.size(), "grid." + key,
          "lists a value twice: " + values, "List each value once.");
    }
    checks.require(variants() <= MAX_VARIANTS, "grid", "makes " + variants() + " variants, more than the "
        + MAX_VARIANTS + " one sweep runs", "Split it into several sweeps, or fewer values per key.");
  }
}
