package io.veriregime.runtime.experiment;

import java.nio.file.Path;

/**
 * One section of a loaded experiment, handed to code that needs that section only (a tool, a proving
 * backend): its values, and enough of the experiment to report a problem with one of them at its line
 * ({@link #error}) and to resolve a path it names ({@link #resolve}), so the whole {@link Experiment}
 * never travels down to the leaves.
 *
 * @param path the section's key path, e.g. {@code zk.node}
 */
public record Section<C extends ConfigSection>(String path, C values, Path baseDir, ConfigLocations locations) {

  /** The full key path of one of the section's keys, e.g. {@code zk.node.toolsDir}, for messages. */
  public String key(String key) {
    return path + "." + key;
  }

  /** An error about one of the section's keys, located where its value came from (see {@link Experiment#error}). */
  public ExperimentException error(String key, String problem, String fix) {
    return locations.error(key(key), problem, fix);
  }

  /**
   * An error blamed on a key outside the section ({@code keyPath} in full): a tool's failure whose fix
   * lies in what it was given (EZKL's calibration failing for the student's activation).
   */
  public ExperimentException errorAt(String keyPath, String problem, String fix) {
    return locations.error(keyPath, problem, fix);
  }

  /** A path the section names, resolved against the experiment file's directory. */
  public Path resolve(String location) {
    return baseDir.resolve(location).normalize();
  }
}
