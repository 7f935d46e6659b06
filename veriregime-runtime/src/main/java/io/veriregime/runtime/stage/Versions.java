package io.veriregime.runtime.stage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions fixed at build time (root pom properties), recorded in every manifest. */
public final class Versions {

  private static final Properties VERSIONS = load();

  private Versions() {}

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("/io/veriregime/runtime/versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("versions.properties is missing from the runtime jar");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  public static String veriregime() {
    return VERSIONS.getProperty("veriregime");
  }

  /** The one pinned EZKL version (PyPI {@code ezkl}). */
  public static String ezkl() {
    return VERSIONS.getProperty("ezkl");
  }

  public static String djl() {
    return VERSIONS.getProperty("djl");
  }

  public static String pytorch() {
    return VERSIONS.getProperty("pytorch");
  }

  public static String onnxruntime() {
    return VERSIONS.getProperty("onnxruntime");
  }

  public static String ta4j() {
    return VERSIONS.getProperty("ta4j");
  }
}
