package io.veriregime.runtime.zk;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One proving round for one test sample: input.json, witness (whose rescaled outputs are the
 * circuit's logits), proof, verification. A proof that does not verify stops the stage.
 *
 * @param outputs the circuit's rescaled outputs (logits) for this sample
 */
record ProofRound(int sample, Path dir, EzklStep witness, EzklStep prove, EzklStep verify, double[] outputs, long proofBytes) {

  static ProofRound run(Ezkl ezkl, CircuitFiles circuit, Path srs, Npy.FloatArray features, int sample, Path dir) {
    Path input = dir.resolve("input.json");
    Path witnessFile = dir.resolve("witness.json");
    Path proofFile = dir.resolve("proof.json");
    EzklInput.write(input, features, sample, 1);
    EzklStep witness = CircuitCompiler.produce(witnessFile, tmp -> ezkl.run("witness",
        CircuitCompiler.args("input", input, "compiled", circuit.compiled(), "witness", tmp)));
    EzklStep prove = CircuitCompiler.produce(proofFile, tmp -> ezkl.run("prove",
        CircuitCompiler.args("witness", witnessFile, "compiled", circuit.compiled(), "pk", circuit.pk(), "proof", tmp, "srs", srs)));
    EzklStep verify = verify(ezkl, circuit, srs, proofFile);
    if (!verify.result().path("verified").asBoolean()) {
      throw new VeriRegimeException("The " + circuit.model() + " proof for test sample " + sample + " (" + proofFile
          + ") did not verify: " + verify.result().path("reason").asText("EZKL returned false")
          + ". This is a bug in the circuit or EZKL, not in your configuration; run `mvn clean` and report it if it persists.");
    }
    JsonNode rescaled = witness.result().path("rescaledOutputs").path(0);
    double[] outputs = new double[rescaled.size()];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = Double.parseDouble(rescaled.path(i).asText());
    }
    long proofBytes = JsonFiles.readTree(proofFile).path("proof").size();
    return new ProofRound(sample, dir, witness, prove, verify, outputs, proofBytes);
  }

  static EzklStep verify(Ezkl ezkl, CircuitFiles circuit, Path srs, Path proof) {
    return ezkl.run("verify", CircuitCompiler.args("proof", proof, "settings", circuit.settings(), "vk", circuit.vk(), "srs", srs));
  }

  Path proofFile() {
    return dir.resolve("proof.json");
  }

  long peakRssBytes() {
    return Math.max(witness.peakRssBytes(), Math.max(prove.peakRssBytes(), verify.peakRssBytes()));
  }

  /** Largest |circuit − float| over the classes, and whether both pick the same class. */
  Map<String, Object> compare(float[] floatLogits) {
    Map<String, Object> agreement = new LinkedHashMap<>();
    double maxAbsError = 0;
    for (int i = 0; i < outputs.length; i++) {
      maxAbsError = Math.max(maxAbsError, Math.abs(outputs[i] - floatLogits[i]));
    }
    agreement.put("circuitLogits", outputs);
    agreement.put("floatLogits", floatLogits);
    agreement.put("maxAbsError", maxAbsError);
    agreement.put("argmaxAgrees", argmax(outputs) == argmax(floatLogits));
    return agreement;
  }

  static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  static int argmax(float[] values) {
    double[] widened = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      widened[i] = values[i];
    }
    return argmax(widened);
  }
}
