package io.veriregime.runtime.data;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloaded files under {@code data.cacheDir}, each with a {@code <name>.CHECKSUM} beside it in
 * Binance's format ({@code <sha256>  <name>}). The file is written first and the checksum last,
 * both atomically, so an entry is complete exactly when its checksum exists; every reuse
 * re-hashes the file, and an entry that does not match is deleted and reported, never used.
 */
final class DownloadCache {

  static final String CHECKSUM_SUFFIX = ".CHECKSUM";
  private static final Pattern CHECKSUM_LINE = Pattern.compile("^([0-9a-fA-F]{64})\\s+\\*?(\\S+)\\s*$");

  private final Path root;
  private final StageLog log;

  DownloadCache(Path root, StageLog log) {
    this.root = root;
    this.log = log;
  }

  Path path(String relative) {
    return root.resolve(relative);
  }

  /** The entry, if it is complete and its bytes still have the recorded sha256. */
  Optional<Path> verified(String relative) {
    Path file = path(relative);
    Path checksum = checksumOf(file);
    if (!Files.isRegularFile(file) || !Files.isRegularFile(checksum)) {
      return Optional.empty();
    }
    Optional<String> expected = readChecksum(checksum, file.getFileName().toString());
    String actual = Hashing.sha256(file);
    if (expected.isPresent() && expected.get().equals(actual)) {
      return Optional.of(file);
    }
    log.warn("fetch-data: cached " + file + " is damaged (sha256 " + actual + ", expected "
        + expected.orElse("an unreadable " + checksum.getFileName()) + "); discarding it");
    discard(file);
    return Optional.empty();
  }

  /** Stores verified bytes: the file, then its checksum, each atomically. */
  Path store(String relative, byte[] bytes) {
    Path file = path(relative);
    AtomicFiles.write(file, bytes);
    AtomicFiles.writeString(checksumOf(file), Hashing.sha256(bytes) + "  " + file.getFileName() + "\n");
    return file;
  }

  /**
   * The sha256 in a checksum file's text ({@code <hex>  <name>}), if it is one for {@code name}.
   */
  static Optional<String> parseChecksum(String text, String name) {
    Matcher m = CHECKSUM_LINE.matcher(text.trim());
    if (!m.matches() || !m.group(2).equals(name)) {
      return Optional.empty();
    }
    return Optional.of(m.group(1).toLowerCase(Locale.ROOT));
  }

  private static Optional<String> readChecksum(Path checksum, String name) {
    try {
      // a cached .CHECKSUM is one short line: a larger file is not one (and is not read into memory)
      if (Files.size(checksum) > ArchiveSource.MAX_CHECKSUM_BYTES) {
        return Optional.empty();
      }
      return parseChecksum(Files.readString(checksum, StandardCharsets.US_ASCII), name);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Path checksumOf(Path file) {
    return file.resolveSibling(file.getFileName() + CHECKSUM_SUFFIX);
  }

  private void discard(Path file) {
    try {
      Files.deleteIfExists(checksumOf(file));
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not delete the damaged cache entry " + file + ": " + e.getMessage()
          + ". Delete it by hand (or the whole cache directory, data.cacheDir) and run again.", e);
    }
  }
}
