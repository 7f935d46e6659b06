package io.veriregime.runtime.ezkl;

import java.nio.file.Path;

/** EZKL's files for one model's circuit in its directory: calibration data, settings, circuit, keys, SRS. */
record CircuitFiles(Path dir, String model) {

  Path calibrationData() {
    return dir.resolve("calibration.json");
  }

  Path settings() {
    return dir.resolve("settings.json");
  }

  Path compiled() {
    return dir.resolve("model.compiled");
  }

  Path vk() {
    return vk(dir);
  }

  Path pk() {
    return pk(dir);
  }

  static Path vk(Path keyDir) {
    return keyDir.resolve("vk.key");
  }

  static Path pk(Path keyDir) {
    return keyDir.resolve("pk.key");
  }

  /** The generated development SRS, when {@code zk.ezkl.srs: generate}. */
  Path generatedSrs() {
    return dir.resolve("kzg.srs");
  }
}
