package io.veriregime.runtime.zk;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Soundness self-check: a valid proof with one byte flipped, and the same proof claiming a
 * different public output, must both be rejected by the verifier. Either being accepted stops the
 * build, because then a "verified" result would mean nothing.
 */
final class TamperCheck {

  private TamperCheck() {}

  /** Writes the two tampered proofs into {@code dir} and returns, per tampering, EZKL's reason for rejecting it. */
  static Map<String, Object> run(Ezkl ezkl, CircuitFiles circuit, Path srs, Path validProof, Path dir) {
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("flippedByte", rejectionOf(ezkl, circuit, srs, flipByte(validProof, dir.resolve("flipped-byte.proof.json"))));
    outcome.put("changedOutput", rejectionOf(ezkl, circuit, srs, changeOutput(validProof, dir.resolve("changed-output.proof.json"))));
    return outcome;
  }

  /** Flips the lowest bit of the middle byte of the proof itself. */
  static Path flipByte(Path validProof, Path target) {
    ObjectNode proof = (ObjectNode) JsonFiles.readTree(validProof);
    ArrayNode bytes = (ArrayNode) proof.path("proof");
    int middle = bytes.size() / 2;
    bytes.set(middle, bytes.get(middle).asInt() ^ 1);
    proof.putNull("hex_proof"); // the hex copy would otherwise disagree with the bytes
    JsonFiles.write(target, proof);
    return target;
  }

  /**
   * Changes the last public instance (the last output logit, a little-endian field element in
   * hex) by flipping the lowest bit of its lowest byte: the proof now claims a different output.
   */
  static Path changeOutput(Path validProof, Path target) {
    ObjectNode proof = (ObjectNode) JsonFiles.readTree(validProof);
    ArrayNode instances = (ArrayNode) proof.path("instances").path(0);
    int last = instances.size() - 1;
    String felt = instances.get(last).asText();
    int lowest = Integer.parseInt(felt.substring(0, 2), 16) ^ 1;
    instances.set(last, TextNode.valueOf(String.format("%02x", lowest) + felt.substring(2)));
    proof.putNull("pretty_public_inputs");
    JsonFiles.write(target, proof);
    return target;
  }

  private static String rejectionOf(Ezkl ezkl, CircuitFiles circuit, Path srs, Path tampered) {
    EzklStep verify = ProofRound.verify(ezkl, circuit, srs, tampered);
    if (verify.result().path("verified").asBoolean()) {
      throw new VeriRegimeException("SOUNDNESS FAILURE: the tampered proof " + tampered + " was accepted by EZKL's verifier."
          + " Do not trust any proof from this setup; check the SRS (zk.srs) and the EZKL installation (zk.toolsDir).");
    }
    return verify.result().path("reason").asText("verifier returned false");
  }
}
