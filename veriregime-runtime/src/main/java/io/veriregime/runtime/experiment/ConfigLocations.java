package io.veriregime.runtime.experiment;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Where each key path came from: a line and column in the file, an override, or the build file's inline experiment. */
final class ConfigLocations {

  static final String OVERRIDE_PREFIX = "veriregime.";

  private final Path file;
  private final Map<String, String> byKey = new HashMap<>();
  /** The file of a key written somewhere else than {@link #file} (an inline experiment's build file). */
  private final Map<String, Path> fileByKey = new HashMap<>();

  ConfigLocations(Path file) {
    this.file = file;
  }

  /** Records a key's position in the file, unless an override (recorded first) set it or a parent. */
  void lineAndColumn(String keyPath, int zeroBasedLine, int zeroBasedColumn) {
    if (!of(keyPath).startsWith("-D") && !of(keyPath).equals(InlineExperiment.ELEMENT)) {
      byKey.put(keyPath, (zeroBasedLine + 1) + ":" + (zeroBasedColumn + 1));
    }
  }

  void override(String keyPath) {
    byKey.put(keyPath, "-D" + OVERRIDE_PREFIX + keyPath);
    fileByKey.remove(keyPath);
  }

  /** A key the build file's inline experiment set. */
  void inline(String keyPath, Path buildFile) {
    byKey.put(keyPath, InlineExperiment.ELEMENT);
    fileByKey.put(keyPath, buildFile);
  }

  /**
   * Records a section that only the value at {@code keyPath} (an override or an inline value, recorded
   * first) created: a misspelt section ({@code -Dveriregime.Gates.minRetention}) is then reported where
   * that value came from, not at the experiment file.
   */
  void created(String sectionPath, String keyPath) {
    byKey.put(sectionPath, byKey.get(keyPath));
    if (fileByKey.containsKey(keyPath)) {
      fileByKey.put(sectionPath, fileByKey.get(keyPath));
    }
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
    String key = origin(keyPath);
    return key == null ? "" : byKey.get(key);
  }

  /** The key, or nearest enclosing key, whose location is known; null when none is. */
  private String origin(String keyPath) {
    for (String key = keyPath; !key.isEmpty(); key = parent(key)) {
      if (byKey.containsKey(key)) {
        return key;
      }
    }
    return null;
  }

  private static String parent(String key) {
    int cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    return cut < 0 ? "" : key.substring(0, cut);
  }

  ExperimentException error(String keyPath, String problem, String fix) {
    String origin = origin(keyPath);
    return new ExperimentException(origin == null ? file : fileByKey.getOrDefault(origin, file), of(keyPath), keyPath,
        problem, fix);
  }
}
