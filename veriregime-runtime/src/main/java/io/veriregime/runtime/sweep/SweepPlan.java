package io.veriregime.runtime.sweep;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentException;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.experiment.SweepConfig;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The variants {@code sweep:} asks for: every combination of the months and the grid's values, in a
 * fixed order (months first, then the grid's keys sorted), each loaded by {@link ExperimentLoader}
 * before anything runs, so a value no variant can use stops the sweep at its line in sweep.grid.
 */
public final class SweepPlan {

  private SweepPlan() {}

  /**
   * @param experiment the sweep's experiment, loaded with the build's overrides
   * @return the variants, each already checked by the loader
   */
  public static List<Variant> variants(Experiment experiment) {
    SweepConfig sweep = experiment.config().sweep();
    List<Map<String, String>> combinations = new ArrayList<>();
    combinations.add(new LinkedHashMap<>());
    if (!sweep.months().isEmpty()) {
      combinations = extend(combinations, sweep.months().stream().map(month -> {
        YearMonth yearMonth = YearMonth.parse(month);
        return Map.of("data.start", yearMonth.atDay(1).toString(), "data.end", yearMonth.atEndOfMonth().toString());
      }).toList());
    }
    for (Map.Entry<String, List<String>> key : sweep.grid().entrySet()) {
      combinations = extend(combinations, key.getValue().stream().map(value -> Map.of(key.getKey(), value)).toList());
    }
    List<Variant> variants = new ArrayList<>();
    Map<String, Map<String, String>> byId = new HashMap<>();
    for (Map<String, String> combination : combinations) {
      String id = id(combination, sweep);
      Map<String, String> clash = byId.put(id, combination);
      if (clash != null) {
        throw experiment.error("sweep.grid", "gives two variants the same id " + id + " (" + clash + " and "
            + combination + ")", "Make the values differ in their letters or digits, not only in brackets or spaces.");
      }
      check(experiment, combination);
      variants.add(new Variant(id, combination));
    }
    return variants;
  }

  private static List<Map<String, String>> extend(List<Map<String, String>> combinations, List<Map<String, String>> values) {
    List<Map<String, String>> extended = new ArrayList<>();
    for (Map<String, String> combination : combinations) {
      for (Map<String, String> value : values) {
        Map<String, String> next = new LinkedHashMap<>(combination);
        next.putAll(value);
        extended.add(next);
      }
    }
    return extended;
  }

  /** The month, then each swept key's last part and its value, letters and digits only: {@code 2024-01_hidden-32-16}. */
  static String id(Map<String, String> combination, SweepConfig sweep) {
    List<String> parts = new ArrayList<>();
    if (combination.containsKey("data.start") && !sweep.months().isEmpty()) {
      parts.add(combination.get("data.start").substring(0, 7));
    }
    for (String key : sweep.grid().keySet()) {
      parts.add(key.substring(key.lastIndexOf('.') + 1) + "-" + readable(combination.get(key)));
    }
    return parts.isEmpty() ? "base" : String.join("_", parts);
  }

  private static String readable(String value) {
    String compact = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-+|-+$", "");
    return compact.isEmpty() ? "none" : compact;
  }

  /**
   * Loads the variant as the sweep will run it; a value the loader refuses is reported at its place in
   * sweep.grid (or sweep.months), with the loader's own words.
   */
  private static void check(Experiment experiment, Map<String, String> combination) {
    Map<String, String> overrides = new HashMap<>(experiment.overrides());
    overrides.putAll(combination);
    try {
      ExperimentLoader.load(experiment.file(), overrides);
    } catch (ExperimentException e) {
      String key = e.keyPath();
      String swept = combination.containsKey(key) ? key
          : combination.keySet().stream().filter(k -> key.startsWith(k + ".") || key.startsWith(k + "[")).findFirst()
              .orElse(null);
      SweepConfig sweep = experiment.config().sweep();
      String where = swept == null ? "sweep.grid"
          : !sweep.grid().containsKey(swept) ? "sweep.months"
          : "sweep.grid." + swept + "[" + sweep.grid().get(swept).indexOf(combination.get(swept)) + "]";
      // the loader's own words without its location: that is the override's, and the grid's is the one to fix
      throw experiment.error(where, "the variant " + combination + " is refused: " + e.detail(), "");
    }
  }
}
