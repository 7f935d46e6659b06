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

  ExperimentException(Path file, String location, String keyPath, String problem, String fix) {
    super(file + (location.isEmpty() ? "" : ":" + location) + ": " + keyPath + ": " + problem
        + (fix.isEmpty() ? "" : ". " + fix));
    this.file = file;
    this.keyPath = keyPath;
    this.location = location;
  }

  public Path file() {
    return file;
  }

  /** The dotted key, e.g. {@code data.window}. */
  public String keyPath() {
    return keyPath;
  }

  /** {@code line:column}, {@code -Dveriregime.<key>}, or empty when the key is not in the file. */
  public String location() {
    return location;
  }
}
