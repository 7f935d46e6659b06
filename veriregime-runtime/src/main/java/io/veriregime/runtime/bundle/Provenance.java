package io.veriregime.runtime.bundle;

import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.SetupMaterial;
import java.util.List;
import java.util.SortedMap;

/**
 * {@code provenance.json}, in the bundle and in its {@code proofs} attachment: what built the bundle
 * and what a consumer needs to verify its proofs, written and read only as this record.
 *
 * @param format the version of this layout; a consumer refuses a format it does not know
 * @param tools versions of VeriRegime and the engines it ran (EZKL, DJL, libtorch, ONNX Runtime, ta4j)
 * @param timestamp the time stamped on every entry ({@code bundle.outputTimestamp}), not when it was built
 * @param srs the SRS the circuit was set up with; {@code srsEntry} names it in the bundle when it is a
 *     (small, development) generated one, null when it is a trusted file referenced by its sha256
 * @param proofs the proof files, as entries of the bundle
 * @param files every other entry of the bundle with its sha256
 */
public record Provenance(int format, String experiment, SortedMap<String, String> tools, String timestamp,
                         Circuit circuit, SetupMaterial srs, String srsEntry, boolean provingKeyIncluded,
                         String provingKeySha256, List<String> proofs, SortedMap<String, String> files) {

  public static final int FORMAT = 1;
  public static final String FILE = "provenance.json";

  /**
   * The circuit the proofs are of, as the backend needs it to verify them.
   *
   * @param dir the entry directory of the circuit's files; {@code settings} and {@code vk} are entries in it
   */
  public record Circuit(String backend, String backendVersion, String model, String dir, String settings, String vk,
                        int logrows, long rows,
                        long totalAssignments, int inputScale, int paramScale) {

    CircuitCost cost() {
      return new CircuitCost(logrows, rows, totalAssignments, inputScale, paramScale);
    }
  }
}
