package io.veriregime.runtime.zk;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.stage.Fingerprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Checks and fingerprints what the zk stages read from earlier stages, and clears their own directories. */
final class StageInputs {

  private StageInputs() {}

  /** Fails with the goal to run when an earlier stage's file is missing. */
  static Path require(Path file, String what, String producingGoal) {
    if (!Files.isRegularFile(file)) {
      throw new VeriRegimeException("Missing " + what + " at " + file + ". It is written by the " + producingGoal
          + " goal: run `mvn veriregime:" + producingGoal + "` (or the whole build) first.");
    }
    return file;
  }

  /** Adds every file of a model directory (model.json, weights, test logits) under {@code name/}. */
  static void addModel(Fingerprint.Builder fingerprint, String name, Path modelDir) {
    try (Stream<Path> files = Files.walk(modelDir)) {
      files.filter(Files::isRegularFile).sorted()
          .forEach(file -> fingerprint.input(name + "/" + modelDir.relativize(file).toString().replace('\\', '/'), file));
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read the model directory " + modelDir + ": " + e.getMessage(), e);
    }
  }
}
