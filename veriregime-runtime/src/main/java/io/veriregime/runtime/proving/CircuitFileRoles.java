package io.veriregime.runtime.proving;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the files of a backend's compiled-circuit directory are for, by name relative to that
 * directory (the same names for every circuit of the backend): what publishing a circuit and
 * verifying its proofs in another build need to know of a backend's files, known without
 * provisioning its tools.
 *
 * @param verifying what a verifier reads besides a proof (and the setup material, when
 *     {@code verifierNeedsSetupMaterial}), by role; the role of the verifying key is {@link #VERIFYING_KEY}
 * @param compiled the compiled circuit and what it is compiled from (a name may be a directory, packed
 *     whole): published so a consumer can inspect it and, where the backend can, compile it again
 *     ({@code ProvingBackend#bindToModel}); a verifier alone does not read it
 * @param provingKey what a prover needs besides the circuit (large; published only on request)
 * @param verifierNeedsSetupMaterial whether verifying also reads the setup material the keys were made
 *     from (EZKL's KZG SRS), so a development one must travel with the keys; a Groth16 verification
 *     key holds all of phase 1 its verifier needs, so its powers of tau never have to
 */
public record CircuitFileRoles(SortedMap<String, String> verifying, List<String> compiled, String provingKey,
                               boolean verifierNeedsSetupMaterial) {

  public static final String VERIFYING_KEY = "vk";

  public CircuitFileRoles {
    if (!verifying.containsKey(VERIFYING_KEY)) {
      throw new IllegalArgumentException("a verifier needs a verifying key, but the verifying files are " + verifying);
    }
    verifying = Collections.unmodifiableSortedMap(new TreeMap<>(verifying));
    compiled = List.copyOf(compiled);
  }
}
