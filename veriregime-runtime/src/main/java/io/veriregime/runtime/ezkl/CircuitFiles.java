package io.veriregime.runtime.ezkl;

import io.veriregime.runtime.proving.CircuitFileRoles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** EZKL's files for one model's circuit in its directory: calibration data, settings, circuit, keys, SRS. */
record CircuitFiles(Path dir, String model) {

  private static final String SETTINGS = "settings.json";
  private static final String COMPILED = "model.compiled";
  private static final String VK = "vk.key";
  private static final String PK = "pk.key";

  /** EZKL's verifier reads the settings and the verifying key, with the SRS the keys were made from. */
  static final CircuitFileRoles ROLES = new CircuitFileRoles(
      new TreeMap<>(Map.of("settings", SETTINGS, CircuitFileRoles.VERIFYING_KEY, VK)), List.of(COMPILED), PK, true);

  Path calibrationData() {
    return dir.resolve("calibration.json");
  }

  Path settings() {
    return dir.resolve(SETTINGS);
  }

  Path compiled() {
    return dir.resolve(COMPILED);
  }

  Path vk() {
    return vk(dir);
  }

  Path pk() {
    return pk(dir);
  }

  static Path vk(Path keyDir) {
    return keyDir.resolve(VK);
  }

  static Path pk(Path keyDir) {
    return keyDir.resolve(PK);
  }

  /** The generated development SRS, when {@code zk.ezkl.srs: generate}. */
  Path generatedSrs() {
    return dir.resolve("kzg.srs");
  }
}
