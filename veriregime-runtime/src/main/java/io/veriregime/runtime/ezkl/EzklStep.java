package io.veriregime.runtime.ezkl;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.proving.StepFigures;
import java.time.Duration;

/**
 * What one EZKL step reported: its own wall time (measured inside the EZKL process, so it excludes
 * interpreter start-up), its CPU time over all threads, the peak resident memory of that process as the OS counted it, and the
 * step's result object.
 */
record EzklStep(String step, Duration elapsed, double cpuSeconds, long peakRssBytes, JsonNode result) {

  double seconds() {
    return elapsed.toNanos() / 1e9;
  }

  StepFigures figures() {
    return new StepFigures(seconds(), cpuSeconds, peakRssBytes);
  }

  /** A step's figures as the driver reported them for one item of a batch, with the process's peak so far. */
  static StepFigures itemFigures(JsonNode item, long peakRssBytes) {
    return new StepFigures(item.path("seconds").asDouble(), item.path("cpuSeconds").asDouble(), peakRssBytes);
  }
}
