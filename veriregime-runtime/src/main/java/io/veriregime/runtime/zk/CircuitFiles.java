package io.veriregime.runtime.zk;

import java.nio.file.Path;

/** Where one model's circuit lives inside {@code zk/compile/}: {@code <model>.onnx}, settings, circuit and keys. */
record CircuitFiles(Path dir, String model) {

  Path onnx() {
    return dir.resolve(model + ".onnx");
  }

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
    return dir.resolve("vk.key");
  }

  Path pk() {
    return dir.resolve("pk.key");
  }

  /** The generated development SRS, when {@code zk.srs: generate}. */
  Path generatedSrs() {
    return dir.resolve("kzg.srs");
  }
}
