package io.veriregime.runtime.sweep;

import java.util.Map;
import java.util.TreeMap;

/**
 * One experiment of a sweep: the sweep's experiment file with these overrides.
 *
 * @param id stable and readable, from the values it sets ({@code 2024-01_activation-relu_hidden-32-16});
 *     its outputs live in {@code sweep/<id>/}
 * @param overrides experiment key to YAML value text, over the build's own overrides
 */
public record Variant(String id, Map<String, String> overrides) {

  public Variant {
    overrides = Map.copyOf(new TreeMap<>(overrides));
  }
}
