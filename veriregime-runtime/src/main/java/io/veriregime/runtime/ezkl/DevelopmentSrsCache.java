package io.veriregime.runtime.ezkl;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.ExclusiveLock;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Development SRS files, one per logrows, kept under {@code zk.ezkl.toolsDir/srs/} and generated
 * once: generating one takes from seconds (logrows 16) to minutes (logrows 20), and every build and
 * every module would otherwise make its own. Made under a file lock (two builds at once: one
 * generates, the other waits and reuses it), checked against its recorded sha256 on every reuse
 * (a damaged or altered file is made again), and as insecure as a freshly generated one: the
 * caller labels it so wherever it is used.
 */
final class DevelopmentSrsCache {

  private final Path dir;
  private final StageLog log;

  DevelopmentSrsCache(Path toolsDir, StageLog log) {
    this.dir = toolsDir.resolve("srs");
    this.log = log;
  }

  /** What {@link #get} found or made. */
  record Entry(Path file, String sha256, EzklStep generation) {}

  /** The development SRS for {@code logrows}: reused when its hash still matches, generated otherwise. */
  Entry get(int logrows, Ezkl ezkl) {
    Path srs = dir.resolve("kzg-" + logrows + ".srs");
    Path recorded = dir.resolve("kzg-" + logrows + ".srs.sha256");
    try {
      return ExclusiveLock.holding(dir.resolve(".lock"), () -> {
        if (Files.isRegularFile(srs) && Files.isRegularFile(recorded)) {
          String expected = Files.readString(recorded, StandardCharsets.US_ASCII).trim();
          String actual = Hashing.sha256(srs);
          if (actual.equals(expected)) {
            log.info(String.format(Locale.ROOT, "reusing the development SRS for logrows %d from %s (sha256 %s)",
                logrows, srs, actual));
            return new Entry(srs, actual, null);
          }
          log.warn("the cached development SRS " + srs + " has sha256 " + actual + ", not the " + expected
              + " recorded when it was made; making it again");
        }
        EzklStep generation = CircuitCompiler.produce(srs,
            tmp -> ezkl.run("gen-srs", CircuitCompiler.args("srs", tmp, "logrows", logrows)));
        String sha256 = Hashing.sha256(srs);
        AtomicFiles.writeString(recorded, sha256 + "\n");
        return new Entry(srs, sha256, generation);
      });
    } catch (IOException e) {
      throw new VeriRegimeException("Could not use the development SRS cache " + dir + ": " + e.getMessage()
          + ". Check that zk.ezkl.toolsDir is writable, or set it to a directory that is.", e);
    }
  }
}
