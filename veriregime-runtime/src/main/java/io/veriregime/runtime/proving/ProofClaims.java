package io.veriregime.runtime.proving;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether proofs are of the samples they are recorded for: a proof carries its public values (the
 * outputs, and the window where the inputs are public), so each must equal its sample's window and
 * claimed outputs at the circuit's scale. A verifier accepts a valid proof of any sample; only this
 * says which sample it is. Read from the files alone, no tool runs, so every stage that uses a proof
 * (zk-prove reusing its outputs, report, bundle, verify-proof) can ask.
 */
public interface ProofClaims {

  /**
   * What one sample's record says.
   *
   * @param proof its proof file
   * @param window its input window as recorded (the test features' row, or the bundle's input file)
   * @param outputs the outputs recorded for it ({@code proving.json}), rescaled as the circuit's scale gives them
   */
  record Claim(Path proof, float[] window, double[] outputs) {}

  /**
   * For each claim, in order: empty when the proof's public values are the claim's, otherwise the
   * first that differs, in words.
   *
   * @param circuitDir the circuit the proofs are of (zk-compile's directory, or a bundle's {@code circuit/})
   */
  List<Optional<String>> mismatches(Path circuitDir, List<Claim> claims);

  /**
   * Whether {@code circuitDir} holds what {@link #mismatches} reads (a bundle may carry less than
   * zk-compile's directory); a caller that cannot check says so rather than reporting it checked.
   */
  boolean canCheck(Path circuitDir);
}
