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
import java.util.Locale;

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
      throw failure(target, tmp, e);
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
      if (isDiskFull(e)) {
        throw failure(target, null, e);
      }
      throw new VeriRegimeException("Could not create a file beside " + target + ": " + e.getMessage()
          + ". Check that the directory is writable.", e);
    }
  }

  /**
   * One message for a write that failed: a full disk (the JDK says only "No space left on device")
   * is named with the file, the directory, how much of the file was written and what is free there.
   */
  private static VeriRegimeException failure(Path target, Path tmp, IOException e) {
    if (!isDiskFull(e)) {
      return new VeriRegimeException("Could not write " + target + ": " + e.getMessage()
          + ". Check that the directory is writable.", e);
    }
    Path dir = target.toAbsolutePath().getParent();
    return new VeriRegimeException(String.format(Locale.ROOT, "Could not write %s: the disk holding %s is full (%s"
        + " free; %s of %s had been written when it ran out). Free space on that disk, or point the output"
        + " (-Dveriregime.outputDirectory, data.cacheDir for downloads) at another one, and run again.", target, dir,
        mebibytes(usableSpace(dir)), mebibytes(sizeOf(tmp)), target.getFileName()), e);
  }

  private static boolean isDiskFull(IOException e) {
    String message = String.valueOf(e.getMessage());
    // ENOSPC on Linux and macOS, ERROR_DISK_FULL on Windows
    return message.contains("No space left on device") || message.contains("not enough space on the disk");
  }

  private static long usableSpace(Path dir) {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long sizeOf(Path file) {
    try {
      return file == null ? 0 : Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static String mebibytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
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
