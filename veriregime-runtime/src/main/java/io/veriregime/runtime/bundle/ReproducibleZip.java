package io.veriregime.runtime.bundle;

import io.veriregime.runtime.UntrustedText;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.CountingInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
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
   * What unpacking an untrusted zip may cost the consumer's disk: entries, bytes per entry and in all,
   * and how many times its compressed size an entry (and the whole zip) may inflate to once past
   * {@link #RATIO_GRACE} bytes. The ratio is what stops a zip bomb early: the bytes written stay within
   * about {@code ratio} times the zip's own size, which the consumer already holds.
   */
  record Limits(int entries, long entryBytes, long totalBytes, int ratio) {

    /**
     * A bundle's: far above what VeriRegime writes (a few files per proof, a proving key of hundreds of
     * MB, JSON and field elements that compress at most some tens of times), far below a full disk.
     */
    static final Limits BUNDLE = new Limits(100_000, 4L << 30, 16L << 30, 100);
    /** Bytes an entry, and the zip, may inflate to before the ratio applies: small files compress unevenly. */
    static final long RATIO_GRACE = 1L << 20;
  }

  /**
   * The bytes of the entry {@code name}, at most {@code maxBytes} of them, reading the whole zip within
   * {@code limits} (so a duplicate or a bomb anywhere is refused) without writing anything; empty when
   * it has no such entry.
   */
  static Optional<byte[]> read(Path zip, String name, long maxBytes, Limits limits) {
    ByteArrayOutputStream found = new ByteArrayOutputStream();
    boolean[] seen = {false};
    scan(zip, limits, entry -> {
      if (!entry.equals(name)) {
        return OutputStream.nullOutputStream();
      }
      seen[0] = true;
      return new OutputStream() {
        @Override
        public void write(int b) {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          if (found.size() + len > maxBytes) {
            throw new VeriRegimeException(zip + ": its " + UntrustedText.quoted(name) + " is larger than " + maxBytes
                + " bytes, far more than VeriRegime writes. Do not use it.");
          }
          found.write(b, off, len);
        }
      };
    });
    return seen[0] ? Optional.of(found.toByteArray()) : Optional.empty();
  }

  /**
   * Unpacks a zip into {@code dir} within {@code limits}, refusing, before writing it, an entry that is
   * not {@code listed}, that would land outside {@code dir} ({@code ../}, an absolute name), or that
   * comes twice: a bundle comes from a repository, not necessarily from a friend. A file already at an
   * entry's place is replaced.
   */
  static void unpack(Path zip, Path dir, Limits limits, Set<String> listed) {
    scan(zip, limits, name -> {
      Path target = within(dir, name).orElseThrow(() -> new VeriRegimeException(zip + " has an entry named "
          + UntrustedText.quoted(name) + " that points outside the directory it is unpacked into: it is not a"
          + " bundle VeriRegime wrote. Do not use it."));
      if (!listed.contains(name)) {
        throw new VeriRegimeException(zip + " has an entry " + UntrustedText.quoted(name) + " that its "
            + Provenance.FILE + " does not list, so nothing vouches for it: it is not a bundle VeriRegime wrote. Do not"
            + " use it.");
      }
      Files.createDirectories(target.getParent());
      return Files.newOutputStream(target);
    });
  }

  /** Where each entry's bytes go: a stream the scan closes, opened only once the entry's name is accepted. */
  @FunctionalInterface
  private interface Sink {
    OutputStream open(String name) throws IOException;
  }

  private static void scan(Path zip, Limits limits, Sink sink) {
    // counts the compressed bytes the zip reader takes, for the ratio
    try (CountingInputStream counted = new CountingInputStream(new BufferedInputStream(Files.newInputStream(zip)));
         ZipInputStream entries = new ZipInputStream(counted)) {
      Set<String> names = new HashSet<>();
      long total = 0;
      byte[] buffer = new byte[1 << 16];
      for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
        String name = entry.getName();
        if (names.size() == limits.entries()) {
          throw exceeded(zip, limits, "more than " + limits.entries() + " entries", "entries");
        }
        if (!names.add(name) || entry.isDirectory()) {
          throw new VeriRegimeException(zip + " has " + (entry.isDirectory() ? "a directory entry " : "two entries named ")
              + UntrustedText.quoted(name) + "; VeriRegime writes neither, so it did not write this zip. Do not use it.");
        }
        long start = counted.count();
        long size = 0;
        try (OutputStream out = sink.open(name)) {
          for (int n; (n = entries.read(buffer)) > 0; ) {
            size += n;
            total += n;
            if (size > limits.entryBytes()) {
              throw exceeded(zip, limits, UntrustedText.quoted(name) + " inflates to more than " + size(limits.entryBytes()),
                  "bytes per entry");
            }
            if (total > limits.totalBytes()) {
              throw exceeded(zip, limits, "its entries inflate to more than " + size(limits.totalBytes()), "bytes in all");
            }
            if (size > Limits.RATIO_GRACE + (long) limits.ratio() * (counted.count() - start)
                || total > Limits.RATIO_GRACE + (long) limits.ratio() * counted.count()) {
              throw exceeded(zip, limits, UntrustedText.quoted(name) + " inflates to more than " + limits.ratio()
                  + " times its compressed size (a zip bomb)", "compression ratio");
            }
            out.write(buffer, 0, n);
          }
        }
      }
    } catch (IOException e) {
      throw new VeriRegimeException("Could not unpack " + zip + ": " + e.getMessage() + ". Check that it is a zip (the"
          + " artifact may be damaged: delete it from the local repository to fetch it again) and that the build"
          + " directory is writable.", e);
    }
  }

  private static VeriRegimeException exceeded(Path zip, Limits limits, String what, String limit) {
    return new VeriRegimeException(zip + ": " + what + ", past VeriRegime's limit on a bundle's " + limit + " (entries "
        + limits.entries() + ", bytes per entry " + size(limits.entryBytes()) + ", bytes in all "
        + size(limits.totalBytes()) + ", compression ratio " + limits.ratio() + "). Unpacking stopped there;"
        + " VeriRegime does not write such a bundle, so do not use it.");
  }

  private static String size(long bytes) {
    return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
  }
}
