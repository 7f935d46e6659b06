package io.veriregime.runtime.ezkl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.veriregime.runtime.files.JsonFiles;
import java.nio.file.Path;

/** Edits of EZKL's proof JSON that a sound verifier must reject. */
final class EzklProofs {

  private EzklProofs() {}

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
   * Changes the last public instance (a little-endian field element in hex: the last output logit
   * when outputs are public) by flipping the lowest bit of its lowest byte, so the proof claims
   * something it did not prove. With nothing public there is no instance to change, and nothing is
   * written.
   */
  static boolean changeLastInstance(Path validProof, Path target) {
    ObjectNode proof = (ObjectNode) JsonFiles.readTree(validProof);
    if (!(proof.path("instances").path(0) instanceof ArrayNode instances) || instances.isEmpty()) {
      return false;
    }
    int last = instances.size() - 1;
    String felt = instances.get(last).asText();
    int lowest = Integer.parseInt(felt.substring(0, 2), 16) ^ 1;
    instances.set(last, TextNode.valueOf(String.format("%02x", lowest) + felt.substring(2)));
    proof.putNull("pretty_public_inputs");
    JsonFiles.write(target, proof);
    return true;
  }

  /** The size of the proof itself, in bytes. */
  static long proofBytes(Path proof) {
    return JsonFiles.readTree(proof).path("proof").size();
  }
}
