package io.veriregime.runtime.bundle;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.SortedMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Zips whose bytes depend only on their entries: names in sorted order, every entry stamped with
 * one time (as local date-time fields, so the machine's time zone cannot change them, the way
 * maven-jar-plugin honours {@code project.build.outputTimestamp}), no extra fields, and no Unix
 * permissions (ZipOutputStream writes none, so an unzip applies its defaults).
 */
final class ReproducibleZip {

  private ReproducibleZip() {}

  /** Writes {@code entries} (entry name to file) into {@code target} atomically. */
  static void write(Path target, SortedMap<String, Path> entries, Instant timestamp) {
    LocalDateTime time = LocalDateTime.ofInstant(timestamp, ZoneOffset.UTC);
    AtomicFiles.write(target, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      for (var entry : entries.entrySet()) {
        ZipEntry zipEntry = new ZipEntry(entry.getKey());
        zipEntry.setTimeLocal(time);
        zip.putNextEntry(zipEntry);
        Files.copy(entry.getValue(), zip);
        zip.closeEntry();
      }
      zip.finish(); // not close(): AtomicFiles closes the stream it gave us
    });
  }

  /**
   * Where the entry {@code name} lies under {@code dir}, unless it would land outside it ({@code ../},
   * an absolute name) or on {@code dir} itself.
   */
  static Optional<Path> within(Path dir, String name) {
    Path root = dir.toAbsolutePath().normalize();
    Path target = root.resolve(name).normalize();
    return target.startsWith(root) && !target.equals(root) ? Optional.of(target) : Optional.empty();
  }

  /**
   * Unpacks a zip into {@code dir}. An entry that would land outside it ({@code ../}, an absolute
   * name) is refused: a bundle comes from a repository, not necessarily from a friend.
   */
  static void unpack(Path zip, Path dir) {
    try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
        String name = entry.getName();
        Path target = within(dir, name).orElseThrow(() -> new VeriRegimeException(zip + " has an entry"
            + " named '" + name + "' that points outside the directory it is unpacked into: it is not a"
            + " bundle VeriRegime wrote. Do not use it."));
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(entries, target);
        }
      }
    } catch (IOException e) {
      throw new VeriRegimeException("Could not unpack " + zip + " into " + dir + ": " + e.getMessage()
          + ". Check that it is a zip (the artifact may be damaged: delete it from the local repository to fetch it"
          + " again) and that the build directory is writable.", e);
    }
  }
}
