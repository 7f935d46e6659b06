package io.veriregime.runtime.zk;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.Upstream;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks and fingerprints what the zk stages read from earlier stages. */
final class StageInputs {

  private StageInputs() {}

  /** Fails with the goal to run when an earlier stage's file is missing. */
  static Path require(Path file, String what, StageId producingGoal) {
    if (!Files.isRegularFile(file)) {
      throw new VeriRegimeException("Missing " + what + " at " + file + ". It is written by the " + producingGoal
          + " goal: run `mvn veriregime:" + producingGoal + "` (or the whole build) first.");
    }
    return file;
  }

  /**
   * Adds the files of a model directory that its circuit depends on (model.json, weights, test logits;
   * not its training records, {@link ModelFiles#isTrainingRecord}) under {@code name/}, by the hashes its producing stage recorded (and the
   * check of its outputs found on disk).
   */
  static void addModel(Fingerprint.Builder fingerprint, String name, Upstream producer, Path modelDir) {
    producer.outputsUnder(modelDir).forEach((file, sha256) -> {
      if (!ModelFiles.isTrainingRecord(file)) {
        fingerprint.inputHash(name + "/" + file, sha256);
      }
    });
  }
}
