package io.veriregime.runtime.stage;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.layout.StageId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;

/**
 * Another stage's outputs, checked before a stage uses any of them: the producing stage's manifest
 * exists, and its directory holds exactly the files the manifest lists, each with the hash the
 * manifest recorded. A file changed, added or removed after the producing stage ran — or a manifest
 * entry deleted to hide one — stops the build with the file and the goal to run again. A stage's
 * fingerprint takes its inputs' hashes from here, so what it was checked against is what it depends on.
 */
public final class Upstream {

  private final Path dir;
  private final StageId stage;
  private final StageManifest manifest;

  private Upstream(Path dir, StageId stage, StageManifest manifest) {
    this.dir = dir;
    this.stage = stage;
    this.manifest = manifest;
  }

  /**
   * @param dir the producing stage's output directory
   * @param stage the producing stage (its goal name), named in the error with the fix
   */
  public static Upstream verify(Path dir, StageId stage, StageLog log) {
    StageManifest manifest = StageWorkspace.open(dir, stage.goal(), log, false).readManifest()
        .orElseThrow(() -> new VeriRegimeException(dir + " has no complete " + stage + " output (no readable "
            + StageWorkspace.MANIFEST + "). Run `mvn veriregime:" + stage + "` (or the whole build) first."));
    if (!stage.goal().equals(manifest.stage())) {
      throw tampered(stage, dir.resolve(StageWorkspace.MANIFEST), "was written by " + manifest.stage() + ", not " + stage);
    }
    SortedMap<String, String> present = StageWorkspace.hashFiles(dir);
    for (Map.Entry<String, String> output : manifest.outputs().entrySet()) {
      String actual = present.get(output.getKey());
      if (actual == null) {
        throw tampered(stage, dir.resolve(output.getKey()), "is missing");
      }
      if (!actual.equals(output.getValue())) {
        throw tampered(stage, dir.resolve(output.getKey()), "differs from what " + stage + " wrote (sha256 " + actual
            + ", its manifest records " + output.getValue() + ")");
      }
    }
    for (String file : present.keySet()) {
      if (!manifest.outputs().containsKey(file)) {
        throw tampered(stage, dir.resolve(file), "is not among the outputs " + stage + " recorded in its manifest");
      }
    }
    return new Upstream(dir, stage, manifest);
  }

  private static VeriRegimeException tampered(StageId stage, Path file, String problem) {
    return new VeriRegimeException(file + " " + problem + ": it was changed after " + stage + " ran, so nothing built"
        + " from it can be trusted. Run `mvn veriregime:" + stage + "` again (or the whole build), which rewrites it.");
  }

  public Path dir() {
    return dir;
  }

  public StageManifest manifest() {
    return manifest;
  }

  /** The recorded sha256 of one of the outputs, which the check above found on disk. */
  public String hash(Path file) {
    String relative = dir.relativize(file).toString().replace('\\', '/');
    String hash = manifest.outputs().get(relative);
    if (hash == null) {
      throw new VeriRegimeException(file + " is not an output of " + stage + " (" + dir + "). Run `mvn veriregime:"
          + stage + "` (or the whole build) first.");
    }
    return hash;
  }

  /** The recorded outputs under one subdirectory ({@code ""} for all), by path relative to it. */
  public SortedMap<String, String> outputsUnder(Path subdirectory) {
    String prefix = dir.relativize(subdirectory).toString().replace('\\', '/');
    SortedMap<String, String> outputs = new java.util.TreeMap<>();
    manifest.outputs().forEach((file, hash) -> {
      if (prefix.isEmpty()) {
        outputs.put(file, hash);
      } else if (file.startsWith(prefix + "/")) {
        outputs.put(file.substring(prefix.length() + 1), hash);
      }
    });
    if (outputs.isEmpty() && !Files.isDirectory(subdirectory)) {
      throw new VeriRegimeException(subdirectory + " is not an output of " + stage + ". Run `mvn veriregime:" + stage
          + "` (or the whole build) first.");
    }
    return outputs;
  }
}
