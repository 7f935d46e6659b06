package io.veriregime.runtime.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** File chores the tests share. */
public final class TestFiles {

  private TestFiles() {}

  /**
   * Copies every directory and file under {@code from} to the same place under {@code to}: a stage's outputs
   * (their manifests included) for a test that alters or reruns them without touching the original.
   */
  public static void copyTree(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
