package io.veriregime.runtime.zk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Scratch directories inside a zk stage's directory: never outputs, removed when done. */
final class ScratchFiles {

  private ScratchFiles() {}

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException ignored) {
      // scratch files are never trusted: they are in no manifest, and the stage's next run clears its directory
    }
  }
}
