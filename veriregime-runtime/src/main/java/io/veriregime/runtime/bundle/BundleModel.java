package io.veriregime.runtime.bundle;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.ModelBinding;
import io.veriregime.runtime.proving.ProvingBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The consumer's check that a bundle's verifying key is its model's: the proofs verify against the
 * key, and hashes in the same bundle say nothing when the whole bundle was replaced, so the backend
 * derives the key again from the bundled model where it can ({@link ProvingBackend#bindToModel}).
 */
final class BundleModel {

  /** Scratch under the work directory (emptied with it on the next run): what is derived again. */
  private static final String DERIVED = ".derived";

  private BundleModel() {}

  /**
   * Adds to {@code problems} when the key is another model's, or when there is no model to derive it
   * from; returns what was checked, for the consumer's log.
   *
   * @param altered entries whose hash differs from the provenance's (a changed model is reported there)
   */
  static ModelBinding bind(ProvingBackend backend, CompiledCircuit circuit, BundleVerifier.Contents contents,
                           List<String> altered, List<String> problems) {
    String model = contents.provenance().modelEntry().orElse(null);
    if (model == null || altered.contains(model)) {
      if (model == null) {
        problems.add("it carries no model (" + Provenance.MODEL_DIR + "/*.onnx) to check the verifying key against");
      }
      return new ModelBinding(false, null, "nothing: the bundled model is missing or altered");
    }
    Path onnx = contents.entry(model);
    Path scratch = contents.dir().resolve(DERIVED);
    try {
      Files.createDirectories(scratch);
    } catch (IOException e) {
      throw new VeriRegimeException("verify-proof: could not create " + scratch + ": " + e.getMessage()
          + ". Check that the build directory is writable.", e);
    }
    ModelBinding binding = backend.bindToModel(circuit, onnx, contents.provenance().srs(), scratch);
    if (binding.problem() != null) {
      problems.add(model + " and " + circuit.dir().getFileName() + "/: " + binding.problem());
    }
    return binding;
  }
}
