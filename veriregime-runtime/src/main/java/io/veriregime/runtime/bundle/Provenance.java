package io.veriregime.runtime.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.CircuitFileRoles;
import io.veriregime.runtime.proving.SetupMaterial;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code provenance.json}, in the bundle and in its {@code proofs} attachment: what built the bundle
 * and what a consumer needs to verify its proofs, written and read only as this record.
 *
 * @param format the version of this layout; a consumer refuses a format it does not know. 2: the
 *     circuit's verifying files by role ({@code circuit.verifying}) instead of EZKL's settings and vk
 * @param tools versions of VeriRegime and the engines it ran (the proving backend under its name, DJL,
 *     libtorch, ONNX Runtime, ta4j)
 * @param timestamp the time stamped on every entry ({@code bundle.outputTimestamp}), not when it was built
 * @param srs the setup material the keys were made from (secure or not); {@code srsEntry} names it in
 *     the bundle when the verifier needs it and it cannot be had elsewhere (a development KZG SRS), null
 *     otherwise (a trusted SRS is referenced by its sha256; Groth16's powers of tau are not read to verify)
 * @param proofs the proof files, as entries of the bundle
 * @param files every other entry of the bundle with its sha256
 * @param unproven why the bundle has no proofs (its build skipped proving on purpose, e.g. with
 *     {@code -DskipTests}), or null for a proven bundle; {@code verify-proof} refuses an unproven one
 */
public record Provenance(int format, String experiment, SortedMap<String, String> tools, String timestamp,
                         Circuit circuit, SetupMaterial srs, String srsEntry, boolean provingKeyIncluded,
                         String provingKeySha256, List<String> proofs, SortedMap<String, String> files,
                         String unproven) {

  public static final int FORMAT = 2;
  public static final String FILE = "provenance.json";
  /** The bundle's directory of the proved model's ONNX export. */
  static final String MODEL_DIR = "model";
  /** The bundle's directory of circuit files ({@link Circuit#dir}). */
  static final String CIRCUIT_DIR = "circuit";

  /** The entry of the proved model's ONNX export, as the file hashes list it; empty in a bundle without one. */
  java.util.Optional<String> modelEntry() {
    return files.keySet().stream().filter(entry -> entry.startsWith(MODEL_DIR + "/") && entry.endsWith(".onnx"))
        .findFirst();
  }

  /** The entries of the files a verifier reads besides a proof, by their role ({@link Circuit#verifying}). */
  static SortedMap<String, String> verifyingEntries(CircuitFileRoles roles) {
    SortedMap<String, String> entries = new TreeMap<>();
    roles.verifying().forEach((role, file) -> entries.put(role, circuitEntry(file)));
    return entries;
  }

  /** The entry of a circuit file (a name in the backend's {@code CircuitFileRoles}). */
  static String circuitEntry(String file) {
    return CIRCUIT_DIR + "/" + file;
  }

  /**
   * The circuit the proofs are of, as the backend needs it to verify them.
   *
   * @param backend the proving backend's {@code zk.backend} name (read as text, so that a consumer
   *     older than the backend can say so)
   * @param dir the entry directory of the circuit's files
   * @param verifying the entries a verifier reads besides a proof, by their role in the backend's
   *     {@code CircuitFileRoles}; each is also attached under its role
   * @param logrows from here on, the circuit's {@code proving.CircuitCost} as zk-compile measured it
   *     (bundles made before that record was backend-neutral have no {@code rowsAre} or
   *     {@code layerBits}, and a Groth16 one has its fractionBits as {@code paramScale})
   */
  public record Circuit(String backend, String backendVersion, String model, String dir,
                        SortedMap<String, String> verifying, int logrows, long rows, String rowsAre,
                        long totalAssignments, int inputScale, Integer paramScale,
                        List<CircuitCost.LayerBits> layerBits) {

    CircuitCost cost() {
      return new CircuitCost(logrows, rows, rowsAre, totalAssignments, inputScale, paramScale, layerBits);
    }
  }

  /**
   * The fields every format has: read first, so that a bundle of another format is refused with
   * advice instead of a failure to read fields this version does not know.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Format(int format, SortedMap<String, String> tools) {}
}
