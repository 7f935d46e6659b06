package io.veriregime.runtime.files;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** JSON for every artifact: pretty, keys sorted, so files are reproducible and diffable. */
public final class JsonFiles {

  private static final ObjectMapper PRETTY = build(true);
  private static final ObjectMapper CANONICAL = build(false);

  private JsonFiles() {}

  private static ObjectMapper build(boolean pretty) {
    SimpleModule module = new SimpleModule("veriregime");
    // paths and durations read better (and hash stably) as plain strings
    module.addSerializer(Path.class, new ToStringSerializer(Path.class));
    module.addSerializer(Duration.class, new ToStringSerializer(Duration.class));
    module.addSerializer(java.time.LocalDate.class, new ToStringSerializer(java.time.LocalDate.class));
    return JsonMapper.builder()
        .configure(SerializationFeature.INDENT_OUTPUT, pretty)
        .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
        .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
        .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true)
        .serializationInclusion(JsonInclude.Include.ALWAYS)
        .addModule(module)
        .build();
  }

  public static ObjectMapper mapper() {
    return PRETTY;
  }

  static ObjectMapper canonicalMapper() {
    return CANONICAL;
  }

  public static void write(Path file, Object value) {
    AtomicFiles.write(file, out -> PRETTY.writeValue(new NonClosing(out), value));
  }

  public static <T> T read(Path file, Class<T> type) {
    try {
      return PRETTY.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read " + file + " as JSON: " + e.getMessage()
          + ". Delete it (or run `mvn clean`) so the stage that writes it runs again.", e);
    }
  }

  public static JsonNode readTree(Path file) {
    try {
      return PRETTY.readTree(file.toFile());
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read " + file + " as JSON: " + e.getMessage()
          + ". Delete it (or run `mvn clean`) so the stage that writes it runs again.", e);
    }
  }

  /** Jackson closes the stream it writes to; AtomicFiles must close (and sync) it itself. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(java.io.OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
