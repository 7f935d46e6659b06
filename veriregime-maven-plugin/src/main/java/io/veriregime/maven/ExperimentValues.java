package io.veriregime.maven;

import io.veriregime.runtime.experiment.ExperimentLoader;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The experiment values a Maven build supplies besides the experiment itself, layered so that the more
 * local and the later wins: what the project means by its own Maven settings (e.g.
 * project.build.outputTimestamp), the plugin's {@code overrides} map, {@code veriregime.<key>} properties of
 * the pom and its parents, then {@code -Dveriregime.<key>} on the command line, which always wins.
 */
final class ExperimentValues {

  static final String PREFIX = "veriregime.";

  private ExperimentValues() {}

  /**
   * @param mojoProperties properties of the goals themselves (veriregime.skip, …), never experiment keys
   * @param pomProperties the project's properties, its parents' merged in (Maven's model)
   * @param userProperties {@code -D} properties of this build
   */
  static Map<String, String> layered(Map<String, String> projectValues, Map<String, String> overrides,
                                     Properties pomProperties, Properties userProperties, Set<String> mojoProperties) {
    Map<String, String> all = new HashMap<>(projectValues);
    all.putAll(overrides);
    // a pom property counts when it names an experiment section or key: veriregime.version (a plugin version
    // kept in a property, a common habit) is the user's own and is left alone
    experimentKeys(pomProperties, mojoProperties).forEach((key, value) -> {
      if (ExperimentLoader.isTopLevelKey(key.substring(0, key.contains(".") ? key.indexOf('.') : key.length()))) {
        all.put(key, value);
      }
    });
    // on the command line every veriregime.* that is not a goal's own is meant for the experiment: a typo is reported
    all.putAll(experimentKeys(userProperties, mojoProperties));
    return all;
  }

  /** {@code veriregime.<key.path>} properties as key path to value, the goals' own left out. */
  private static Map<String, String> experimentKeys(Properties properties, Set<String> mojoProperties) {
    Map<String, String> keys = new HashMap<>();
    properties.forEach((key, value) -> {
      String name = key.toString();
      if (name.startsWith(PREFIX) && !mojoProperties.contains(name)) {
        keys.put(name.substring(PREFIX.length()), value.toString());
      }
    });
    return keys;
  }
}
