package io.veriregime.runtime.experiment;

import io.veriregime.runtime.VeriRegimeException;
import java.nio.file.Path;

/**
 * A problem with a value in {@code experiment.yaml} (or an override of it). The message names the
 * file, the line and column, the key path, what was wrong and how to fix it, for example:
 * {@code experiment.yaml:7:3: data.windw: unknown key. Did you mean 'window'? …}
 */
public final class ExperimentException extends VeriRegimeException {

  private final Path file;
  private final String keyPath;
  private final String location;
  private final String detail;

  ExperimentException(Path file, String location, String keyPath, String problem, String fix) {
    this(where(file, location), file, location, keyPath, keyPath + ": " + problem + (fix.isEmpty() ? "" : ". " + fix));
  }

  private ExperimentException(String where, Path file, String location, String keyPath, String detail) {
    super(where + ": " + detail);
    this.file = file;
    this.keyPath = keyPath;
    this.location = location;
    this.detail = detail;
  }

  /**
   * Where the value came from: the file and its line, or an override, which is not in the file (a
   * -D property, the plugin's {@code <overrides>}, the CLI's {@code --set}): naming the file
   * there sent users looking for a line that does not exist.
   */
  private static String where(Path file, String location) {
    if (location.startsWith("-D")) {
      return location + " (an override, not in " + file.getFileName() + ")";
    }
    return file + (location.isEmpty() ? "" : ":" + location);
  }

  public Path file() {
    return file;
  }

  /** The dotted key, e.g. {@code data.window}. */
  public String keyPath() {
    return keyPath;
  }

  /** The key path, the problem and the fix: the message without where the value came from. */
  public String detail() {
    return detail;
  }

  /** {@code line:column}, {@code -Dveriregime.<key>}, or empty when the key is not in the file. */
  public String location() {
    return location;
  }
}
