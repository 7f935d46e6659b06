package io.veriregime.runtime.experiment;

import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads {@code experiment.yaml}: SnakeYAML composes the document into a node tree (safe mode: no
 * object is ever constructed from a tag), overrides are applied to the tree, and the tree is
 * bound to the immutable configuration records with every key, type and range checked.
 */
public final class ExperimentLoader {

  private ExperimentLoader() {}

  /**
   * @param overrides dotted key path to YAML value text, e.g. {@code data.window=30} or
   *     {@code distill.temperature=[2, 4]}
   */
  public static Experiment load(Path file, Map<String, String> overrides) {
    Path absolute = file.toAbsolutePath().normalize();
    String text = read(absolute);
    ConfigLocations locations = new ConfigLocations(absolute);
    MappingNode root = compose(absolute, text);
    for (Map.Entry<String, String> override : new TreeMap<>(overrides).entrySet()) {
      apply(root, absolute, override.getKey(), override.getValue(), locations);
    }
    ExperimentConfig config = new ConfigBinder(locations, absolute.getParent()).bindRoot(root, ExperimentConfig.class);
    checkFiles(config, locations);
    return new Experiment(absolute, overrides, config, locations);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new VeriRegimeException("Experiment file " + file + " does not exist. Create it (see README, "
          + "'Configuration reference') or point the plugin at yours with -Dveriregime.experiment=<path>.");
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read experiment file " + file + ": " + e.getMessage(), e);
    }
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    return new Yaml(new SafeConstructor(options));
  }

  private static MappingNode compose(Path file, String text) {
    Node node;
    try (Reader reader = new StringReader(text)) {
      node = yaml().compose(reader);
    } catch (MarkedYAMLException e) {
      var mark = e.getProblemMark();
      throw new VeriRegimeException(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1)
          + ": not valid YAML: " + e.getProblem() + (e.getContext() != null ? " (" + e.getContext() + ")" : "")
          + ". Fix the syntax at that line (indentation with spaces, 'key: value').");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    if (node == null) {
      return new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
    }
    if (node instanceof MappingNode mapping) {
      return mapping;
    }
    throw new VeriRegimeException(file + ":1:1: the experiment must be a set of keys (name:, data:, teacher:, …), "
        + "not a single value or a list. See README, 'Configuration reference'.");
  }

  /** Puts an override's value into the tree, creating the sections on its path if needed. */
  private static void apply(MappingNode root, Path file, String keyPath, String value, ConfigLocations locations) {
    locations.override(keyPath);
    String[] keys = keyPath.split("\\.");
    MappingNode section = root;
    for (int i = 0; i < keys.length; i++) {
      NodeTuple existing = find(section, keys[i]);
      boolean last = i == keys.length - 1;
      if (last) {
        Node valueNode = composeValue(file, keyPath, value, locations);
        ScalarNode keyNode = new ScalarNode(Tag.STR, keys[i], null, null, DumperOptions.ScalarStyle.PLAIN);
        List<NodeTuple> tuples = section.getValue();
        if (existing != null) {
          tuples.set(tuples.indexOf(existing), new NodeTuple(keyNode, valueNode));
        } else {
          tuples.add(new NodeTuple(keyNode, valueNode));
        }
      } else if (existing == null) {
        MappingNode child = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        section.getValue().add(new NodeTuple(
            new ScalarNode(Tag.STR, keys[i], null, null, DumperOptions.ScalarStyle.PLAIN), child));
        section = child;
      } else if (existing.getValueNode() instanceof MappingNode child) {
        section = child;
      } else {
        throw locations.error(keyPath, "cannot be set because '" + keys[i] + "' is a single value, not a section",
            "Check the key path of the -Dveriregime property.");
      }
    }
  }

  private static Node composeValue(Path file, String keyPath, String value, ConfigLocations locations) {
    try {
      Node node = yaml().compose(new StringReader(value));
      return node != null ? node : new ScalarNode(Tag.NULL, "", null, null, DumperOptions.ScalarStyle.PLAIN);
    } catch (MarkedYAMLException e) {
      throw locations.error(keyPath, "the override value '" + value + "' is not valid YAML (" + e.getProblem() + ")",
          "Quote it, or write a list as [a, b].");
    }
  }

  private static NodeTuple find(MappingNode section, String key) {
    for (NodeTuple tuple : section.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
        return tuple;
      }
    }
    return null;
  }

  /** Input files named in the experiment must exist before any stage starts. */
  private static void checkFiles(ExperimentConfig config, ConfigLocations locations) {
    List<Path> files = config.data().files();
    for (int i = 0; i < files.size(); i++) {
      if (!Files.isRegularFile(files.get(i))) {
        throw locations.error("data.files[" + i + "]", "file " + files.get(i) + " does not exist",
            "Fix the path (relative paths are resolved against the experiment file's directory).");
      }
    }
    Path ezkl = config.zk().ezkl().ezklExecutable();
    if (ezkl != null && !Files.isExecutable(ezkl)) {
      throw locations.error("zk.ezkl.ezklExecutable", ezkl + " is not an executable file",
          "Point it at the ezkl binary, or remove the key to let VeriRegime install the pinned EZKL.");
    }
    Path python = config.zk().ezkl().python();
    if (python != null && !Files.isExecutable(python)) {
      throw locations.error("zk.ezkl.python", python + " is not an executable file",
          "Point it at a Python interpreter that has the ezkl package, or remove the key.");
    }
  }
}
