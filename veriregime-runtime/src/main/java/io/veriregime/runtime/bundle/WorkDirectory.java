package io.veriregime.runtime.bundle;

import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * verify-proof's work directory, emptied before each bundle is laid out in it. It deletes only what
 * VeriRegime made: a directory that holds its marker file, reached without following a link. Anything
 * else at that path (a user's directory, a link to one, a file) is left as it is and named.
 */
final class WorkDirectory {

  /** Written into every work directory verify-proof creates; without it nothing there is deleted. */
  static final String MARKER = ".veriregime-verify-proof";

  private WorkDirectory() {}

  /** {@code dir}, empty but for the marker: created, or emptied when verify-proof created it. */
  static Path prepare(Path dir) {
    try {
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        requireOurs(dir);
        try (Stream<Path> paths = Files.walk(dir)) { // walk follows no link: a link is deleted, not its target
          for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(MARKER), "Made by VeriRegime's verify-proof, which empties this directory"
          + " before each run.\n");
      return dir;
    } catch (IOException e) {
      throw new VeriRegimeException("verify-proof: could not prepare its work directory " + dir + ": " + e.getMessage()
          + ". Check that the build directory is writable, or delete " + dir + " (mvn clean) and build again.", e);
    }
  }

  private static void requireOurs(Path dir) {
    String what = Files.isSymbolicLink(dir) ? "a link"
        : !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? "a file"
        : !Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS) ? "a directory verify-proof did not create"
        : null;
    if (what != null) {
      throw new VeriRegimeException("verify-proof: its work directory " + dir + " is " + what + " (no " + MARKER
          + " in it), so VeriRegime leaves it untouched. Move it away, or run with another output directory.");
    }
  }
}
