package io.veriregime.runtime.experiment;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds a composed YAML tree to the configuration records. The records are the schema: a key is
 * a record component, its Java type says what the value must be, and the record's
 * {@code DEFAULTS} supplies every key the file leaves out. Nothing is constructed from YAML tags,
 * so arbitrary types can never be instantiated (safe loading by construction).
 */
final class ConfigBinder {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private final ConfigLocations locations;
  private final Path baseDir;
  /** Top-level sections that, left out, keep their defaults unchecked: the caller never reads them. */
  private final Set<String> unread;

  /** A key that existed under another name in an earlier release: where it lives now, and why. */
  private record Moved(String to, String why) {}

  private static final Map<String, Moved> MOVED_KEYS = movedKeys();

  private static Map<String, Moved> movedKeys() {
    Map<String, Moved> moved = new HashMap<>();
    for (RecordComponent ezklKey : EzklConfig.class.getRecordComponents()) {
      String to = "zk.ezkl." + ezklKey.getName();
      moved.put("zk." + ezklKey.getName(), new Moved(to, "Settings of one proving backend live in its own section: write"
          + " it as " + to + " (under 'zk.ezkl:')."));
    }
    moved.put("gates.maxAccuracyDrop", new Moved("gates.maxOptimizeDrop", "The gate on what optimizing costs was renamed"
        + " when it began to measure gates.retentionMetric rather than accuracy alone: write gates.maxOptimizeDrop and"
        + " check its threshold against the README."));
    return Map.copyOf(moved);
  }

  ConfigBinder(ConfigLocations locations, Path baseDir, Set<String> unread) {
    this.locations = locations;
    this.baseDir = baseDir;
    this.unread = unread;
  }

  <R extends Record & ConfigSection> R bindRoot(MappingNode root, Class<R> type) {
    return bindSection(root, type, "");
  }

  private <R extends Record & ConfigSection> R bindSection(MappingNode node, Class<R> type, String path) {
    R defaults = defaultsOf(type);
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Set<String> seen = new HashSet<>();
    for (NodeTuple tuple : node.getValue()) {
      String key = keyOf(tuple.getKeyNode(), path);
      String keyPath = join(path, key);
      var mark = tuple.getKeyNode().getStartMark();
      if (mark != null) {
        locations.lineAndColumn(keyPath, mark.getLine(), mark.getColumn());
      }
      if (!seen.add(key)) {
        throw locations.error(keyPath, "appears twice", "Keep one of them.");
      }
      int index = indexOf(components, key);
      if (index < 0) {
        throw unknownKey(components, path, key);
      }
      values[index] = convert(tuple.getValueNode(), components[index].getGenericType(), keyPath,
          read(components[index], defaults) == null);
    }
    for (int i = 0; i < components.length; i++) {
      if (!seen.contains(components[i].getName())) {
        values[i] = read(components[i], defaults);
        validateDefault(values[i], join(path, components[i].getName()));
      }
    }
    R section = construct(type, values);
    section.validate(new ConfigChecks(locations, path));
    return section;
  }

  /** A section left out takes its defaults, which must still hold together with the rest. */
  private void validateDefault(Object value, String path) {
    if (unread.contains(path)) {
      return;
    }
    if (value instanceof Record record && value instanceof ConfigSection section) {
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        validateDefault(read(component, record), join(path, component.getName()));
      }
      section.validate(new ConfigChecks(locations, path));
    }
  }

  private String keyOf(Node keyNode, String path) {
    if (keyNode instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    throw locations.error(path.isEmpty() ? "(top level)" : path, "has a key that is not plain text",
        "Keys are simple names such as window or batchSize.");
  }

  private ExperimentException unknownKey(RecordComponent[] components, String path, String key) {
    Moved moved = MOVED_KEYS.get(join(path, key));
    if (moved != null) {
      return locations.error(join(path, key), "has moved to " + moved.to(), moved.why());
    }
    List<String> valid = Arrays.stream(components).map(RecordComponent::getName).toList();
    String suggestion = closest(key, valid);
    String fix = (suggestion != null ? "Did you mean '" + suggestion + "'? " : "")
        + "Valid keys " + (path.isEmpty() ? "at the top level" : "under '" + path + "'") + ": " + String.join(", ", valid) + ".";
    return locations.error(join(path, key), "unknown key", fix);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object convert(Node node, Type type, String keyPath, boolean nullable) {
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
      if (nullable) {
        return null;
      }
      throw locations.error(keyPath, "has no value", "Give it a value, or remove the key to use the default.");
    }
    if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
      Type element = parameterized.getActualTypeArguments()[0];
      if (node instanceof ScalarNode scalar && scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
          && scalar.getValue().contains(",")) {
        // YAML reads 2,4 as one value; taken as a list of one it failed as "expected a number", which
        // never said that the list form was the problem (-Dveriregime.distill.temperature=2,4)
        String bracketed = "[" + String.join(", ", scalar.getValue().split("\\s*,\\s*")) + "]";
        throw locations.error(keyPath, "'" + scalar.getValue() + "' is one value with commas in it, not a list",
            "Write a list in brackets: " + bracketed + " (on the command line -D" + ConfigLocations.OVERRIDE_PREFIX
                + keyPath + "=" + bracketed.replace(" ", "") + "); quote a single value that has a comma in it.");
      }
      // a single value where a list is expected is a list of one (e.g. temperature: 4)
      List<Node> items = node instanceof SequenceNode sequence ? sequence.getValue() : List.of(node);
      List<Object> list = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        var mark = items.get(i).getStartMark();
        if (mark != null) {
          locations.lineAndColumn(keyPath + "[" + i + "]", mark.getLine(), mark.getColumn());
        }
        list.add(convert(items.get(i), element, keyPath + "[" + i + "]", false));
      }
      return List.copyOf(list);
    }
    if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Map.class) {
      return map(node, keyPath, parameterized.getActualTypeArguments()[1] != String.class);
    }
    Class<?> raw = (Class<?>) type;
    if (Record.class.isAssignableFrom(raw) && ConfigSection.class.isAssignableFrom(raw)) {
      if (node instanceof MappingNode mapping) {
        return bindSection(mapping, (Class) raw, keyPath);
      }
      throw locations.error(keyPath, "expected a section of keys (a YAML mapping), got " + describe(node),
          "Indent its keys below it, one per line.");
    }
    if (!(node instanceof ScalarNode scalar)) {
      throw locations.error(keyPath, "expected " + expected(raw) + ", got " + describe(node), "Write a single value.");
    }
    String text = scalar.getValue().trim();
    try {
      return convertScalar(text, raw, keyPath);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw locations.error(keyPath, "expected " + expected(raw) + ", got '" + text + "'", example(raw));
    } catch (ArithmeticException e) {
      throw locations.error(keyPath, "'" + text + "' is too large to be " + expected(raw), example(raw));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object convertScalar(String text, Class<?> raw, String keyPath) {
    if (raw == String.class) {
      return text;
    }
    if (raw == int.class || raw == Integer.class) {
      return Integer.parseInt(text);
    }
    if (raw == long.class || raw == Long.class) {
      return Long.parseLong(text);
    }
    if (raw == double.class || raw == Double.class) {
      double value = Double.parseDouble(text);
      if (!Double.isFinite(value)) {
        throw new NumberFormatException(text);
      }
      return value;
    }
    if (raw == boolean.class || raw == Boolean.class) {
      if (text.equals("true") || text.equals("false")) {
        return Boolean.parseBoolean(text);
      }
      throw new NumberFormatException(text);
    }
    if (raw == LocalDate.class) {
      return LocalDate.parse(text);
    }
    if (raw == Duration.class) {
      Matcher m = DURATION.matcher(text);
      if (!m.matches()) {
        throw new NumberFormatException(text);
      }
      Duration unit = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(1);
        case "s" -> Duration.ofSeconds(1);
        case "m" -> Duration.ofMinutes(1);
        default -> Duration.ofHours(1);
      };
      // kept within what nanoseconds can count (about 292 years), so every later toNanos() and
      // toMillis() is exact; a longer one fails here with ArithmeticException
      return Duration.ofNanos(Math.multiplyExact(Long.parseLong(m.group(1)), unit.toNanos()));
    }
    if (raw == ByteSize.class) {
      return ByteSize.parse(text).orElseThrow(() -> new NumberFormatException(text));
    }
    if (raw == SampleCount.class) {
      return SampleCount.parse(text);
    }
    if (raw == Path.class) {
      String expanded = text.startsWith("~/") ? System.getProperty("user.home") + text.substring(1) : text;
      return baseDir.resolve(expanded).normalize();
    }
    if (raw.isEnum()) {
      for (Object constant : raw.getEnumConstants()) {
        if (((ConfigEnum) constant).yamlName().equals(text)) {
          return constant;
        }
      }
      List<String> names = Arrays.stream(raw.getEnumConstants()).map(c -> ((ConfigEnum) c).yamlName()).toList();
      String suggestion = closest(text.toLowerCase(Locale.ROOT), names);
      throw locations.error(keyPath, "'" + text + "' is not one of " + String.join(", ", names),
          suggestion != null ? "Did you mean '" + suggestion + "'?" : "Use one of those values.");
    }
    throw new IllegalStateException("no YAML conversion for " + raw + " at " + keyPath);
  }

  /**
   * Keys that are not the experiment's own, to values kept as YAML text: single values (cluster.conf:
   * Spark settings passed through), or, with {@code lists}, a list of values each (sweep.grid: the
   * values an experiment key takes, each checked later by the loader as an override).
   */
  private Map<String, Object> map(Node node, String keyPath, boolean lists) {
    if (!(node instanceof MappingNode mapping)) {
      throw locations.error(keyPath, "expected keys and values (a YAML mapping), got " + describe(node),
          lists ? "Indent each experiment key below it with its list of values, e.g. student.activation: [square, relu]."
              : "Indent each setting below it, one per line, e.g. spark.executor.memory: 4g.");
    }
    Map<String, Object> map = new TreeMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      String key = keyOf(tuple.getKeyNode(), keyPath);
      String entryPath = join(keyPath, key);
      mark(entryPath, tuple.getKeyNode());
      Object value;
      if (lists) {
        if (!(tuple.getValueNode() instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
          throw locations.error(entryPath, "expected a list of values, got " + describe(tuple.getValueNode()),
              "Write the values to try as a list, e.g. [square, relu].");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
          mark(entryPath + "[" + i + "]", sequence.getValue().get(i));
          values.add(yamlText(sequence.getValue().get(i), entryPath + "[" + i + "]"));
        }
        value = List.copyOf(values);
      } else {
        if (!(tuple.getValueNode() instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
          throw locations.error(entryPath, "expected a single value, got " + describe(tuple.getValueNode()),
              "Write the setting's value as Spark takes it, e.g. 4g.");
        }
        value = scalar.getValue().trim();
      }
      if (map.put(key, value) != null) {
        throw locations.error(entryPath, "appears twice", "Keep one of them.");
      }
    }
    return map;
  }

  private void mark(String keyPath, Node node) {
    var mark = node.getStartMark();
    if (mark != null) {
      locations.lineAndColumn(keyPath, mark.getLine(), mark.getColumn());
    }
  }

  /** A value or a list of them (nested lists too) as flow YAML text, the form an override takes. */
  private String yamlText(Node node, String keyPath) {
    if (node instanceof ScalarNode scalar && !scalar.getTag().equals(Tag.NULL)) {
      return scalar.getValue().trim();
    }
    if (node instanceof SequenceNode sequence) {
      List<String> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        items.add(yamlText(item, keyPath));
      }
      return "[" + String.join(", ", items) + "]";
    }
    throw locations.error(keyPath, "expected a value or a list of values, got " + describe(node),
        "Write one value of the key, e.g. relu or [32, 16].");
  }

  private static String expected(Class<?> raw) {
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      return "a whole number";
    }
    if (raw == double.class || raw == Double.class) {
      return "a number";
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return "true or false";
    }
    if (raw == LocalDate.class) {
      return "a date YYYY-MM-DD";
    }
    if (raw == Duration.class) {
      return "a duration such as 500ms, 30s, 10m or 2h";
    }
    if (raw == ByteSize.class) {
      return "a size such as 512m or 8g";
    }
    if (raw == SampleCount.class) {
      return "a whole number or all";
    }
    if (raw == Path.class) {
      return "a file path";
    }
    if (raw.isEnum()) {
      return "one of " + Arrays.stream(raw.getEnumConstants()).map(c -> ((ConfigEnum) c).yamlName())
          .collect(Collectors.joining(", "));
    }
    return "text";
  }

  private static String example(Class<?> raw) {
    return "Write " + expected(raw) + ".";
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a section of keys";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "'" + ((ScalarNode) node).getValue() + "'";
  }

  private static int indexOf(RecordComponent[] components, String key) {
    for (int i = 0; i < components.length; i++) {
      if (components[i].getName().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The nearest candidate by edit distance (case-insensitive), if it is near enough to be a typo. */
  static String closest(String input, List<String> candidates) {
    String lowered = input.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    return candidates.stream()
        .min(Comparator.comparingInt(c -> editDistance(lowered, c.toLowerCase(Locale.ROOT).replace("-", ""))))
        .filter(c -> editDistance(lowered, c.toLowerCase(Locale.ROOT).replace("-", "")) <= Math.max(2, c.length() / 3))
        .orElse(null);
  }

  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  @SuppressWarnings("unchecked")
  static <R> R defaultsOf(Class<R> type) {
    try {
      var field = type.getDeclaredField("DEFAULTS");
      field.setAccessible(true);
      return (R) field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type + " must declare static DEFAULTS", e);
    }
  }

  static Object read(RecordComponent component, Object defaults) {
    try {
      return component.getAccessor().invoke(defaults);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <R> R construct(Class<R> type, Object[] values) {
    try {
      Class<?>[] parameterTypes = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class[]::new);
      Constructor<R> constructor = type.getDeclaredConstructor(parameterTypes);
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type, e);
    }
  }
}
