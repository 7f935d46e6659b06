package io.veriregime.runtime.ezkl;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.files.JsonFiles;

import java.nio.file.Path;

/**
 * The figures EZKL's calibrated {@code settings.json} holds about a circuit's size and precision.
 *
 * @param logrows the circuit has 2^logrows rows; setup/prove cost and key size scale with it
 * @param numRows rows the model actually uses
 * @param totalAssignments cells assigned
 * @param inputScale fixed-point scale (bits) of the inputs
 * @param paramScale fixed-point scale (bits) of the weights
 */
record CircuitSettings(int logrows, long numRows, long totalAssignments, int inputScale, int paramScale) {

  static CircuitSettings read(Path settingsJson) {
    JsonNode settings = JsonFiles.readTree(settingsJson);
    JsonNode runArgs = settings.path("run_args");
    return new CircuitSettings(runArgs.path("logrows").asInt(), settings.path("num_rows").asLong(),
        settings.path("total_assignments").asLong(), runArgs.path("input_scale").asInt(), runArgs.path("param_scale").asInt());
  }
}
