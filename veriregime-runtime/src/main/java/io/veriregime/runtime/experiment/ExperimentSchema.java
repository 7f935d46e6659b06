package io.veriregime.runtime.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veriregime.runtime.files.JsonFiles;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of {@code experiment.yaml}, generated from the configuration records the binder binds
 * (a record component is a key, its Java type what the value may be, its default from {@code DEFAULTS}),
 * so editors complete and check the file. It accepts what the binder's types accept; ranges and
 * contradictions stay the binder's to report. {@code schema/experiment.schema.json} is this output, and a
 * test keeps it so: regenerate it with {@code main} after changing a record.
 */
public final class ExperimentSchema {

  /** The schema's place in the repository, from its root. */
  public static final String FILE = "schema/experiment.schema.json";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String SIZE = "^\\s*\\d+\\s*([kKmMgGtT]?)[bB]?\\s*$";
  private static final String DURATION = "^\\s*\\d+\\s*(ms|s|m|h)\\s*$";

  private ExperimentSchema() {}

  /** The schema as pretty-printed JSON, keys in the records' order. */
  public static String generate() {
    ObjectNode schema = JSON.objectNode();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("title", "VeriRegime experiment");
    schema.put("description", "experiment.yaml of a VeriRegime project; see the README's configuration reference.");
    section(schema, ExperimentConfig.class);
    try {
      return JsonFiles.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(schema) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the schema to the file named, e.g. {@code schema/experiment.schema.json}. */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : FILE);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, generate());
  }

  private static void section(ObjectNode node, Class<?> type) {
    node.put("type", "object");
    node.put("additionalProperties", false);
    ObjectNode properties = node.putObject("properties");
    Object defaults = ConfigBinder.defaultsOf(type);
    for (RecordComponent component : type.getRecordComponents()) {
      Object value = ConfigBinder.read(component, defaults);
      ObjectNode property = value(component.getGenericType(), value == null);
      JsonNode shown = shown(value);
      if (shown != null) {
        property.set("default", shown);
      }
      properties.set(component.getName(), property);
    }
  }

  /**
   * A default as it would be written in the file; none for a path (its default is under the home of
   * whoever generates the schema) or a section (its keys carry their own).
   */
  private static JsonNode shown(Object value) {
    if (value == null || value instanceof Path) {
      return null;
    }
    if (value instanceof Duration duration) {
      long millis = duration.toMillis();
      return JSON.textNode(millis % 3_600_000 == 0 ? millis / 3_600_000 + "h" : millis % 60_000 == 0 ? millis / 60_000 + "m"
          : millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms");
    }
    JsonNode node = JsonFiles.mapper().valueToTree(value);
    return node.isValueNode() || node.isArray() ? node : null;
  }

  /** What a value of {@code type} may be in YAML, as {@code ConfigBinder.convert} reads it. */
  private static ObjectNode value(Type type, boolean nullable) {
    if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
      // a single value where a list is expected is a list of one (temperature: 4)
      ObjectNode item = value(list.getActualTypeArguments()[0], false);
      ObjectNode node = JSON.objectNode();
      ArrayNode anyOf = node.putArray("anyOf");
      anyOf.add(item.deepCopy());
      anyOf.addObject().put("type", "array").set("items", item);
      return node;
    }
    if (type instanceof ParameterizedType map && map.getRawType() == Map.class) {
      // keys of the user's choosing: settings with one value each, or (sweep.grid) a non-empty list of values to try
      ObjectNode node = JSON.objectNode().put("type", "object");
      ObjectNode values = node.putObject("additionalProperties");
      if (map.getActualTypeArguments()[1] == String.class) {
        values.putArray("type").add("string").add("number").add("boolean");
      } else {
        values.put("type", "array").put("minItems", 1);
      }
      return node;
    }
    Class<?> raw = (Class<?>) type;
    ObjectNode node = JSON.objectNode();
    if (Record.class.isAssignableFrom(raw) && ConfigSection.class.isAssignableFrom(raw)) {
      section(node, raw);
      return node;
    }
    if (raw.isEnum()) {
      ArrayNode names = node.putArray("enum");
      for (Object constant : raw.getEnumConstants()) {
        names.add(((ConfigEnum) constant).yamlName());
      }
    } else if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
      types(node, nullable, "integer");
    } else if (raw == double.class || raw == Double.class) {
      types(node, nullable, "number");
    } else if (raw == boolean.class || raw == Boolean.class) {
      types(node, nullable, "boolean");
    } else if (raw == LocalDate.class) {
      types(node, nullable, "string").put("format", "date");
    } else if (raw == Duration.class) {
      types(node, nullable, "string").put("pattern", DURATION);
    } else if (raw == SampleCount.class) {
      // a number of samples, or all of them
      ArrayNode anyOf = node.putArray("anyOf");
      anyOf.addObject().put("type", "integer").put("minimum", 1);
      anyOf.addObject().put("const", "all");
    } else if (raw == ByteSize.class) {
      // 8g, 512m, or a plain number of bytes
      types(node, nullable, "string", "integer").put("pattern", SIZE);
    } else {
      types(node, nullable, "string"); // String, Path
    }
    if (nullable && raw.isEnum()) {
      ((ArrayNode) node.get("enum")).addNull();
    }
    return node;
  }

  private static ObjectNode types(ObjectNode node, boolean nullable, String... types) {
    if (types.length == 1 && !nullable) {
      node.put("type", types[0]);
      return node;
    }
    ArrayNode array = node.putArray("type");
    for (String type : types) {
      array.add(type);
    }
    if (nullable) {
      array.add("null");
    }
    return node;
  }
}
