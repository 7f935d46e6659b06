package io.veriregime.runtime.experiment;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * An experiment declared in the build file (the Maven plugin's {@code <inlineExperiment>}), flattened to
 * key paths with YAML values, as overrides are: the same binder checks every key, type and value, and a
 * problem names the build file. It is the base an {@code experiment.yaml}, when there is one, refines.
 *
 * @param source the build file that declares it: named in messages, and the base of relative paths
 *     when there is no experiment file
 * @param values dotted key path to YAML value text, e.g. {@code teacher.epochs=5} or {@code student.hidden=[16, 8]}
 */
public record InlineExperiment(Path source, Map<String, String> values) {

  /** How a message names where an inline value is written. */
  static final String ELEMENT = "<inlineExperiment>";

  public InlineExperiment {
    source = source.toAbsolutePath().normalize();
    values = Map.copyOf(new TreeMap<>(values));
  }
}
