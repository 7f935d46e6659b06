package io.veriregime.runtime.files;

import io.veriregime.runtime.VeriRegimeException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files so that a reader sees either the old file or the complete new one, never a
 * half-written one: the bytes go to a temporary file in the target's directory (same file
 * system), are forced to disk, and the temporary file is then moved over the target atomically.
 */
public final class AtomicFiles {

  /** Writes the content of a file to a stream. */
  @FunctionalInterface
  public interface StreamWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  public static void write(Path target, byte[] bytes) {
    write(target, out -> out.write(bytes));
  }

  public static void writeString(Path target, String text) {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Path target, StreamWriter writer) {
    Path tmp = null;
    try {
      tmp = tempBeside(target);
      try (OutputStream raw = Files.newOutputStream(tmp);
          OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
        writer.writeTo(out);
      }
      try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      move(tmp, target);
      tmp = null;
    } catch (IOException e) {
      throw new VeriRegimeException("Could not write " + target + ": " + e.getMessage()
          + ". Check that the directory is writable and the disk is not full.", e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** Moves a finished temporary file over the target atomically (same directory expected). */
  public static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Creates a temporary file beside {@code target}, for writers that need the path itself. */
  public static Path tempBeside(Path target) {
    try {
      Path dir = target.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      // createTempFile makes the file owner-only (0600); build outputs are ordinary shared files
      if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      return tmp;
    } catch (IOException e) {
      throw new VeriRegimeException("Could not create a file beside " + target + ": " + e.getMessage()
          + ". Check that the directory is writable.", e);
    }
  }

  static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a stray temp file is harmless: it is never trusted and the next write replaces the target
    }
  }
}
