package io.veriregime.runtime.experiment;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A configuration section as the values a stage's outputs depend on: every key of the section but
 * the ones named as not affecting them (where bytes come from, time-outs, interpreters). Keys are
 * taken from the record, so a key added to a section later is part of every fingerprint that uses
 * the section unless someone decides otherwise.
 */
public final class ConfigView {

  private ConfigView() {}

  /** The section's keys and values, without {@code ignored} (each of which must be a key of the section). */
  public static SortedMap<String, Object> without(Record section, String... ignored) {
    RecordComponent[] components = section.getClass().getRecordComponents();
    List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
    Set<String> skip = Set.of(ignored);
    for (String key : skip) {
      if (!names.contains(key)) {
        throw new IllegalArgumentException(section.getClass().getSimpleName() + " has no key " + key);
      }
    }
    SortedMap<String, Object> view = new TreeMap<>();
    for (RecordComponent component : components) {
      if (!skip.contains(component.getName())) {
        try {
          view.put(component.getName(), component.getAccessor().invoke(section));
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException("cannot read " + component.getName(), e);
        }
      }
    }
    return view;
  }
}
