package io.veriregime.runtime.stage;

import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A stage's output directory and the rule for trusting it: the directory is trusted only if its
 * {@code manifest.json} (written last) records the same fingerprint and every output file still
 * has the hash the manifest recorded. {@link #begin()} deletes the manifest before any output is
 * touched, so a build interrupted half way leaves a directory no later build trusts.
 */
public final class StageWorkspace {

  public static final String MANIFEST = "manifest.json";

  private final Path dir;
  private final String stage;
  private final StageLog log;
  private final boolean force;

  private StageWorkspace(Path dir, String stage, StageLog log, boolean force) {
    this.dir = dir;
    this.stage = stage;
    this.log = log;
    this.force = force;
  }

  /**
   * @param force never reuse the previous outputs ({@code veriregime.force}), even when they are
   *     up to date
   */
  public static StageWorkspace open(Path stageDir, String stage, StageLog log, boolean force) {
    return new StageWorkspace(stageDir, stage, log, force);
  }

  public Path dir() {
    return dir;
  }

  public Path file(String relative) {
    return dir.resolve(relative);
  }

  /** The manifest of a previous run if the outputs can be reused as they are. */
  public Optional<StageManifest> upToDate(Fingerprint fingerprint) {
    Optional<StageManifest> previous = readManifest();
    if (previous.isEmpty()) {
      return Optional.empty();
    }
    StageManifest manifest = previous.get();
    if (!manifest.fingerprint().equals(fingerprint)) {
      log.info(stage + ": inputs or configuration changed since the last run");
      return Optional.empty();
    }
    SortedMap<String, String> present = hashFiles(dir);
    for (Map.Entry<String, String> output : manifest.outputs().entrySet()) {
      if (!output.getValue().equals(present.get(output.getKey()))) {
        log.warn(stage + ": " + dir.resolve(output.getKey()) + " is missing or differs from what the last run wrote; running again");
        return Optional.empty();
      }
    }
    for (String file : present.keySet()) {
      if (!manifest.outputs().containsKey(file)) {
        log.warn(stage + ": " + dir.resolve(file) + " is not among the outputs the last run recorded; running again");
        return Optional.empty();
      }
    }
    return previous;
  }

  /**
   * The previous run's result when its outputs can be reused as they are (logged as up to date,
   * so every stage says the same thing when it skips); empty when the stage must run.
   */
  public Optional<StageResult> reuse(Fingerprint fingerprint) {
    if (force) {
      log.info(stage + ": running (veriregime.force)");
      return Optional.empty();
    }
    return upToDate(fingerprint).map(manifest -> {
      log.info(skipping(stage, dir));
      return new StageResult(stage, true, dir, manifest);
    });
  }

  /** What every stage logs when it reuses its outputs. */
  public static String skipping(String stage, Path dir) {
    return stage + ": up to date, skipping (" + dir + ")";
  }

  /**
   * The one prologue of every stage: the previous result when it can be reused as it is;
   * otherwise the directory is cleared for this run ({@link #begin()}) and the result is empty.
   */
  public Optional<StageResult> reuseOrBegin(Fingerprint fingerprint) {
    Optional<StageResult> reused = reuse(fingerprint);
    if (reused.isEmpty()) {
      begin();
    }
    return reused;
  }

  /** Reads the manifest if there is a readable one. */
  public Optional<StageManifest> readManifest() {
    Path manifest = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JsonFiles.mapper().readValue(manifest.toFile(), StageManifest.class));
    } catch (IOException e) {
      log.warn(stage + ": ignoring unreadable " + manifest + " (" + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  /**
   * Invalidates the directory and empties it: the manifest goes first (so a build interrupted
   * while clearing leaves nothing trusted), then every previous output, so that files this run
   * does not write again (keys of a circuit no longer built, proofs of extra samples, …) are not
   * hashed into the new manifest as if this run had made them.
   */
  public void begin() {
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(dir.resolve(MANIFEST));
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(dir)).toList()) {
          Files.delete(path);
        }
      }
    } catch (IOException e) {
      throw new VeriRegimeException("Could not clear " + dir + " before writing it again: " + e.getMessage()
          + ". Check that the build directory is writable, or delete it (`mvn clean`) and build again.", e);
    }
  }

  /** Hashes every output file, writes the manifest atomically (last), and returns the result. */
  public StageResult complete(Fingerprint fingerprint, Map<String, Object> metrics) {
    StageManifest manifest = new StageManifest(
        stage,
        Versions.veriregime(),
        fingerprint.configHash(),
        fingerprint.inputs(),
        fingerprint.tools(),
        hashOutputs(),
        new LinkedHashMap<>(metrics));
    JsonFiles.write(dir.resolve(MANIFEST), manifest);
    return new StageResult(stage, false, dir, manifest);
  }

  private SortedMap<String, String> hashOutputs() {
    return hashFiles(dir);
  }

  /**
   * Every file of a stage directory (but its manifest and temporary files) by path relative to it,
   * with its sha256: what a manifest records as outputs, and what a check compares it with. A file
   * unchanged since this process last read it is not read again ({@link FileHashes}).
   */
  static SortedMap<String, String> hashFiles(Path dir) {
    SortedMap<String, String> outputs = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().equals(MANIFEST))
          .filter(file -> !file.getFileName().toString().endsWith(".tmp"))
          .forEach(file -> outputs.put(dir.relativize(file).toString().replace('\\', '/'),
              FileHashes.PROCESS.sha256(file)));
    } catch (IOException e) {
      throw new VeriRegimeException("Could not list the outputs in " + dir + ": " + e.getMessage(), e);
    }
    return outputs;
  }
}
