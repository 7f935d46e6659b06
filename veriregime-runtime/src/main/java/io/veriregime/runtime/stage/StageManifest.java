package io.veriregime.runtime.stage;

import java.util.Map;
import java.util.SortedMap;

/**
 * {@code manifest.json}, written last by every stage: what went in (config hash, input hashes,
 * tool versions), what came out (output hashes) and the stage's figures (timings, metrics).
 */
public record StageManifest(
    String stage,
    String veriregimeVersion,
    String configHash,
    SortedMap<String, String> inputs,
    SortedMap<String, String> tools,
    SortedMap<String, String> outputs,
    Map<String, Object> metrics) {

  public Fingerprint fingerprint() {
    return new Fingerprint(configHash, inputs, tools);
  }
}
