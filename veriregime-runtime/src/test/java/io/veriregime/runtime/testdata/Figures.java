package io.veriregime.runtime.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Figures a tool test measures for a reader (sizes, gas, constraints, candidates' scores), written to
 * {@code target/test-figures/<name>.txt} instead of the console: the test asserts what must hold, the
 * file keeps what is only worth reading, and a build's output stays the build's.
 */
public final class Figures {

  private static final Path DIRECTORY = Path.of("target", "test-figures");

  private Figures() {}

  /** Replaces {@code target/test-figures/<name>.txt} with {@code text} and a line end. */
  public static void record(String name, String text) {
    try {
      Files.createDirectories(DIRECTORY);
      Files.writeString(DIRECTORY.resolve(name + ".txt"), text + System.lineSeparator());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
