package io.veriregime.maven;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * The pom's {@code <inlineExperiment>} as the runtime takes it: one dotted key path per leaf element, its
 * text a YAML value (so {@code <hidden>[16, 8]</hidden>} is a list and {@code <epochs>5</epochs>} a number,
 * exactly as in experiment.yaml). Nested XML rather than embedded YAML because Maven itself merges a
 * parent's plugin configuration into a module's element by element: the shared part lives in the parent,
 * a module adds or replaces single keys, and {@code combine.self="override"} replaces a whole section.
 */
final class InlineExperiments {

  private InlineExperiments() {}

  /** Key path to YAML value text, in document order; empty when the pom declares nothing. */
  static Map<String, String> flatten(PlexusConfiguration inline) throws MojoFailureException {
    Map<String, String> values = new LinkedHashMap<>();
    if (inline != null) {
      flatten(inline, "", values);
    }
    return values;
  }

  private static void flatten(PlexusConfiguration section, String path, Map<String, String> values)
      throws MojoFailureException {
    for (PlexusConfiguration child : section.getChildren()) {
      String keyPath = path.isEmpty() ? child.getName() : path + "." + child.getName();
      if (values.containsKey(keyPath) || values.keySet().stream().anyMatch(key -> key.startsWith(keyPath + "."))) {
        throw new MojoFailureException("<inlineExperiment>: " + keyPath + " appears twice in the pom. Keep one of"
            + " them; a list is one element holding a YAML list, e.g. <hidden>[16, 8]</hidden>.");
      }
      if (child.getChildCount() > 0) {
        flatten(child, keyPath, values);
      } else {
        values.put(keyPath, child.getValue() == null ? "" : child.getValue().trim());
      }
    }
  }
}
