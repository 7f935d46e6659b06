package io.veriregime.runtime.ezkl;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.proving.ProofClaims;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The public values of an EZKL proof ({@code instances[0]}: the public inputs, then the public
 * outputs, each a BN254 field element as 32 little-endian bytes in hex) against a sample's window and
 * claimed outputs, at the scales {@code settings.json} records. A private or hashed part is not
 * compared (a Poseidon hash would need EZKL to recompute); the outputs are public by default.
 */
final class EzklInstances {

  /** BN254's scalar field, EZKL's (the same as circuit.Field's, which this package does not import). */
  private static final BigInteger MODULUS =
      new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");
  /** A claimed output is the proof's output divided by 2^scale, exactly: a tolerance for printing alone. */
  private static final double OUTPUT_TOLERANCE = 1e-6;

  private EzklInstances() {}

  static final ProofClaims CLAIMS = new ProofClaims() {
    @Override
    public List<Optional<String>> mismatches(Path circuitDir, List<ProofClaims.Claim> claims) {
      return EzklInstances.mismatches(circuitDir, claims);
    }

    @Override
    public boolean canCheck(Path circuitDir) {
      return true; // the settings are among the files every verifier reads
    }
  };

  private static List<Optional<String>> mismatches(Path circuitDir, List<ProofClaims.Claim> claims) {
    JsonNode settings = JsonFiles.readTree(circuitDir.resolve(CircuitFiles.ROLES.verifying().get("settings")));
    JsonNode runArgs = settings.path("run_args");
    boolean inputsPublic = "Public".equals(runArgs.path("input_visibility").asText());
    boolean outputsPublic = "Public".equals(runArgs.path("output_visibility").asText());
    int inputScale = runArgs.path("input_scale").asInt();
    int outputScale = settings.path("model_output_scales").path(0).asInt(inputScale);
    List<Optional<String>> answers = new ArrayList<>();
    for (ProofClaims.Claim claim : claims) {
      answers.add(mismatch(claim, instances(claim.proof()), inputsPublic, outputsPublic, inputScale, outputScale));
    }
    return answers;
  }

  private static Optional<String> mismatch(ProofClaims.Claim claim, List<BigInteger> instances, boolean inputsPublic,
                                           boolean outputsPublic, int inputScale, int outputScale) {
    // without a recorded window (a bundle's consumer of a backend that keeps none) the public inputs are not compared
    int inputs = inputsPublic && claim.window() != null ? claim.window().length : 0;
    int outputs = outputsPublic ? claim.outputs().length : 0;
    if (instances.size() < inputs + outputs) {
      return Optional.of("it has " + instances.size() + " public values, the circuit " + (inputs + outputs));
    }
    for (int i = 0; i < inputs; i++) {
      double value = instances.get(i).doubleValue();
      // EZKL rounds x·2^scale; either rounding of a tie is within one half
      if (Math.abs(Math.scalb((double) claim.window()[i], inputScale) - value) > 0.5) {
        return Optional.of(String.format(Locale.ROOT, "its public input %d is %s, the window's is %s", i,
            Math.scalb(value, -inputScale), claim.window()[i]));
      }
    }
    for (int o = 0; o < outputs; o++) {
      double value = Math.scalb(instances.get(instances.size() - outputs + o).doubleValue(), -outputScale);
      if (Math.abs(value - claim.outputs()[o]) > OUTPUT_TOLERANCE) {
        return Optional.of(String.format(Locale.ROOT, "its output %d is %s, the claimed output is %s", o, value,
            claim.outputs()[o]));
      }
    }
    return Optional.empty();
  }

  /** {@code instances[0]} of a proof file, as signed integers. */
  private static List<BigInteger> instances(Path proof) {
    JsonNode felts = JsonFiles.readTree(proof).path("instances").path(0);
    List<BigInteger> values = new ArrayList<>();
    for (JsonNode felt : felts) {
      String hex = felt.asText();
      if (!hex.matches("[0-9a-fA-F]{64}")) {
        throw new VeriRegimeException(proof + " has a public value that is not a field element as EZKL writes one"
            + " (64 hex digits). It is not a proof VeriRegime made; run zk-prove again (-Dveriregime.force).");
      }
      StringBuilder bigEndian = new StringBuilder();
      for (int i = hex.length() - 2; i >= 0; i -= 2) {
        bigEndian.append(hex, i, i + 2);
      }
      BigInteger element = new BigInteger(bigEndian.toString(), 16);
      values.add(element.compareTo(MODULUS.shiftRight(1)) > 0 ? element.subtract(MODULUS) : element);
    }
    return values;
  }
}
