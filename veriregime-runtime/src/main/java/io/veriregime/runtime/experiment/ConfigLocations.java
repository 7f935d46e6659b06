package io.veriregime.runtime.experiment;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Where each key path came from: a line and column in the file, or an override. */
final class ConfigLocations {

  static final String OVERRIDE_PREFIX = "veriregime.";

  private final Path file;
  private final Map<String, String> byKey = new HashMap<>();

  ConfigLocations(Path file) {
    this.file = file;
  }

  /** Records a key's position in the file, unless an override (recorded first) set it or a parent. */
  void lineAndColumn(String keyPath, int zeroBasedLine, int zeroBasedColumn) {
    if (!of(keyPath).startsWith("-D")) {
      byKey.put(keyPath, (zeroBasedLine + 1) + ":" + (zeroBasedColumn + 1));
    }
  }

  void override(String keyPath) {
    byKey.put(keyPath, "-D" + OVERRIDE_PREFIX + keyPath);
  }

  /**
   * Records a section that only the override of {@code keyPath} created: a misspelt section
   * ({@code -Dveriregime.Gates.minRetention}) is then reported at that override, not the file.
   */
  void overrideCreated(String sectionPath, String keyPath) {
    byKey.put(sectionPath, "-D" + OVERRIDE_PREFIX + keyPath);
  }

  /** Whether the file or an override set {@code keyPath} itself (not only a section around it). */
  boolean isSet(String keyPath) {
    return byKey.containsKey(keyPath);
  }

  /**
   * The location of a key, or of its nearest enclosing key when the key was left out (its
   * default is in force), so the message still points at the right section.
   */
  String of(String keyPath) {
    for (String key = keyPath; !key.isEmpty(); key = parent(key)) {
      String location = byKey.get(key);
      if (location != null) {
        return location;
      }
    }
    return "";
  }

  private static String parent(String key) {
    int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    return cut < 0 ? "" : key.substring(0, cut);
  }

  ExperimentException error(String keyPath, String problem, String fix) {
    return new ExperimentException(file, of(keyPath), keyPath, problem, fix);
  }
}
