package io.veriregime.runtime.trust;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The consumer's lock file: the sha256 of every artifact verify-proof accepted, one
 * {@code <artifact> <sha256>} line each, sorted, with {@code #} comments: a file a team commits and reviews
 * as Gradle's dependency verification metadata. Read whole and written whole (atomically).
 */
final class Pins {

  /** Some thousand pins are some 100 kB; a file far larger is not ours. */
  static final long MAX_BYTES = 1L << 20;
  private static final String HEADER = """
      # VeriRegime bundle pins: the sha256 of each artifact verify-proof accepted, pinned on first use.
      # Commit this file. An artifact whose bytes differ fails the build; after checking why with its producer,
      # update its pin deliberately with -Dveriregime.verify.updatePins=true (CLI: --update-pins).
      """;

  private final Path file;
  private final SortedMap<String, String> pins;

  private Pins(Path file, SortedMap<String, String> pins) {
    this.file = file;
    this.pins = pins;
  }

  /** The pins in {@code file}, none when it does not exist yet. */
  static Pins read(Path file) {
    SortedMap<String, String> pins = new TreeMap<>();
    if (!Files.exists(file)) {
      return new Pins(file, pins);
    }
    List<String> lines;
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
        throw new VeriRegimeException("verify-proof: the lock file " + file + " is not a file of at most " + MAX_BYTES
            + " bytes. Move it away; verify-proof writes it again on the next run.");
      }
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new VeriRegimeException("verify-proof: could not read the lock file " + file + ": " + e.getMessage()
          + ". Check that it is readable.", e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 2 || !parts[1].matches("[0-9a-f]{64}") || pins.containsKey(parts[0])) {
        throw new VeriRegimeException("verify-proof: " + file + ":" + (i + 1) + " is not an '<artifact> <sha256>' line"
            + " naming an artifact once (64 lower-case hex digits). Fix that line, or delete it to pin that artifact"
            + " again on the next run.");
      }
      pins.put(parts[0], parts[1]);
    }
    return new Pins(file, pins);
  }

  Path file() {
    return file;
  }

  Optional<String> of(String artifact) {
    return Optional.ofNullable(pins.get(artifact));
  }

  /** Adds or replaces pins and writes the file. */
  void write(Map<String, String> changes) {
    pins.putAll(changes);
    StringBuilder text = new StringBuilder(HEADER);
    pins.forEach((artifact, sha256) -> text.append(artifact).append(' ').append(sha256).append('\n'));
    AtomicFiles.writeString(file, text.toString());
  }
}
