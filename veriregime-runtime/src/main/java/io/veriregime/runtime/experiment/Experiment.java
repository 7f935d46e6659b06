package io.veriregime.runtime.experiment;

import io.veriregime.runtime.files.JsonFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A loaded experiment: the validated configuration plus where each value came from, so a later
 * stage can still report a problem with a value at its line ({@link #error}).
 *
 * @param file the experiment file
 * @param overrides key path to value, from {@code -Dveriregime.<key>} or the plugin configuration
 */
public record Experiment(Path file, Map<String, String> overrides, ExperimentConfig config, ConfigLocations locations) {

  public static final String EFFECTIVE_CONFIG_FILE = "effective-experiment.json";

  public Experiment {
    overrides = Map.copyOf(new TreeMap<>(overrides));
  }

  /** The directory relative paths in the file are resolved against. */
  public Path baseDir() {
    return file.toAbsolutePath().getParent();
  }

  /** An error about one value, located at its key in the file (or the override that set it). */
  public ExperimentException error(String keyPath, String problem, String fix) {
    return locations.error(keyPath, problem, fix);
  }

  /** The {@code zk.ezkl:} section alone, for the EZKL backend. */
  public Section<EzklConfig> ezkl() {
    return section("zk.ezkl", config.zk().ezkl());
  }

  /** The {@code zk.groth16:} section alone, for the Groth16 backend. */
  public Section<Groth16Config> groth16() {
    return section("zk.groth16", config.zk().groth16());
  }

  /** The {@code zk.node:} section alone, for the Node.js tools. */
  public Section<NodeConfig> node() {
    return section("zk.node", config.zk().node());
  }

  private <C extends ConfigSection> Section<C> section(String path, C values) {
    return new Section<>(path, values, baseDir(), locations);
  }

  /** Whether the file or an override set {@code keyPath} itself, rather than its default being in force. */
  public boolean isSet(String keyPath) {
    return locations.isSet(keyPath);
  }

  /** Writes the configuration in force (defaults and overrides applied) beside the outputs. */
  public void writeEffectiveConfig(Path outputRoot) {
    JsonFiles.write(outputRoot.resolve(EFFECTIVE_CONFIG_FILE),
        Map.of("file", file.toAbsolutePath().toString(), "overrides", overrides, "experiment", config));
  }
}
