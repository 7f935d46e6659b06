package io.veriregime.runtime.experiment;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A composed experiment document addressed by dotted key paths: what an override or an inline value
 * sets, and whether the document sets a key already.
 */
final class KeyPaths {

  private KeyPaths() {}

  /** Whether the document sets {@code keyPath}, or a single value where a section on its path would be. */
  static boolean defines(MappingNode root, String keyPath) {
    Node node = root;
    for (String key : keyPath.split("\\.")) {
      if (!(node instanceof MappingNode section)) {
        return true;
      }
      NodeTuple tuple = find(section, key);
      if (tuple == null) {
        return false;
      }
      node = tuple.getValueNode();
    }
    return true;
  }

  /** Puts an override's (or an inline) value into the tree, creating the sections on its path if needed. */
  static void apply(MappingNode root, String keyPath, String value, ConfigLocations locations) {
    String[] keys = keyPath.split("\\.", -1);
    if (Arrays.asList(keys).contains("")) {
      throw locations.error(keyPath, "the key path has an empty part (two dots in a row, or a dot at its start or end)",
          "Write the key path as in experiment.yaml, e.g. data.window.");
    }
    MappingNode section = root;
    for (int i = 0; i < keys.length; i++) {
      NodeTuple existing = find(section, keys[i]);
      boolean last = i == keys.length - 1;
      if (last) {
        Node valueNode = composeValue(keyPath, value, locations);
        ScalarNode keyNode = new ScalarNode(Tag.STR, keys[i], null, null, DumperOptions.ScalarStyle.PLAIN);
        List<NodeTuple> tuples = section.getValue();
        if (existing != null) {
          tuples.set(tuples.indexOf(existing), new NodeTuple(keyNode, valueNode));
        } else {
          tuples.add(new NodeTuple(keyNode, valueNode));
        }
      } else if (existing == null) {
        MappingNode child = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        locations.created(String.join(".", Arrays.copyOf(keys, i + 1)), keyPath);
        section.getValue().add(new NodeTuple(
            new ScalarNode(Tag.STR, keys[i], null, null, DumperOptions.ScalarStyle.PLAIN), child));
        section = child;
      } else if (existing.getValueNode() instanceof MappingNode child) {
        section = child;
      } else {
        throw locations.error(keyPath, "cannot be set because '" + keys[i] + "' is a single value, not a section",
            "Check the key path: '" + keys[i] + "' has no keys under it.");
      }
    }
  }

  private static Node composeValue(String keyPath, String value, ConfigLocations locations) {
    try {
      Node node = ExperimentLoader.yaml().compose(new StringReader(value));
      return node != null ? node : new ScalarNode(Tag.NULL, "", null, null, DumperOptions.ScalarStyle.PLAIN);
    } catch (MarkedYAMLException e) {
      throw locations.error(keyPath, "the value '" + value + "' is not valid YAML (" + e.getProblem() + ")",
          "Quote it, or write a list as [a, b].");
    } catch (YAMLException e) {
      ExperimentLoader.Unmarked unmarked = ExperimentLoader.Unmarked.of(e);
      throw locations.error(keyPath, "the value is not valid YAML (" + unmarked.problem() + ")", unmarked.fix());
    }
  }

  static NodeTuple find(MappingNode section, String key) {
    for (NodeTuple tuple : section.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
        return tuple;
      }
    }
    return null;
  }
}
