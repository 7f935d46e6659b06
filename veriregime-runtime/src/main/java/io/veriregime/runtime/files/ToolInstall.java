package io.veriregime.runtime.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A tool's install directory (EZKL's venv, the pinned npm packages) made whole or not at all: filled in
 * a temporary sibling, marked ready last and renamed into place under a file lock, so two builds racing
 * on a fresh machine install once and an interrupted install never leaves a directory that looks usable.
 */
public final class ToolInstall {

  /** Written last inside a finished install; a directory without it is never used. */
  private static final String READY_MARKER = "veriregime-ready";

  /** What fills the staging directory. */
  @FunctionalInterface
  public interface Filler {
    void fill(Path staging) throws IOException;
  }

  private ToolInstall() {}

  /** Whether {@code dir} holds a finished install. */
  public static boolean isReady(Path dir) {
    return Files.exists(dir.resolve(READY_MARKER));
  }

  /**
   * Installs into {@code dir} holding {@code lockFile}, unless another build finished it while this one
   * waited for the lock.
   *
   * @param what written into the ready marker (what was installed)
   * @return false when another build had installed it
   */
  public static boolean install(Path dir, Path lockFile, String what, Filler filler) throws IOException {
    return ExclusiveLock.holding(lockFile, () -> {
      if (isReady(dir)) {
        return false;
      }
      Path staging = dir.resolveSibling(dir.getFileName() + ".tmp-" + UUID.randomUUID());
      try {
        Files.createDirectories(staging);
        filler.fill(staging);
        AtomicFiles.writeString(staging.resolve(READY_MARKER), what + "\n");
        deleteRecursively(dir); // a half-finished install from an interrupted build has no marker
        Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        deleteRecursively(staging);
      }
      return true;
    });
  }

  /** Deletes {@code dir} and everything under it, if it exists. */
  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
