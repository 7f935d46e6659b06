package io.veriregime.runtime.ezkl;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.NodeConfig;
import io.veriregime.runtime.experiment.Section;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.node.NodeTools;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.stage.ToolEnvironment;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * EZKL's Solidity verifier, measured on the in-process EVM: Node.js ({@code zk.node}) is provisioned
 * on first use only, so a build without {@code zk.evm} never needs it.
 */
final class EzklEvm {

  private final Ezkl ezkl;
  private final Section<NodeConfig> node;
  private final ToolEnvironment env;
  private NodeTools nodeTools;

  EzklEvm(Ezkl ezkl, Section<NodeConfig> node, ToolEnvironment env) {
    this.ezkl = ezkl;
    this.node = node;
    this.env = env;
  }

  /**
   * EZKL's verifier ({@code Verifier.sol}, its ABI when solc could be fetched) and the calldata of
   * {@code proof} ({@code Verifier.calldata}), deployed and called on the in-process EVM for its size
   * and gas, then called again with the last output changed, which it must reject.
   *
   * @param srs the SRS the circuit's keys were made with
   */
  EvmVerifier verifier(CircuitFiles files, Path srs, Path dir, Path proof) {
    Path sol = dir.resolve("Verifier.sol");
    Path abi = dir.resolve("Verifier.abi");
    Path abiTmp = AtomicFiles.tempBeside(abi);
    EzklStep step = CircuitCompiler.produce(sol, solTmp -> ezkl.run("evm-verifier", CircuitCompiler.args("vk", files.vk(),
        "settings", files.settings(), "sol", solTmp, "abi", abiTmp, "srs", srs)));
    boolean abiWritten = step.result().path("abi").asBoolean();
    try {
      if (abiWritten) {
        AtomicFiles.move(abiTmp, abi);
      }
    } catch (IOException e) {
      throw new VeriRegimeException("Could not move the verifier ABI into " + abi + ": " + e.getMessage(), e);
    } finally {
      CircuitCompiler.deleteQuietly(abiTmp);
    }
    byte[] calldata = calldata(proof, dir.resolve("Verifier.calldata"));
    EvmVerifier.OnChain onChain = nodeTools().evm().call(sol, null, calldata, List.of(withLastInstanceChanged(calldata)))
        .onChain("EZKL", proof, "the last output changed", env.log());
    return new EvmVerifier(sol.getFileName().toString(), abiWritten,
        abiWritten ? null : step.result().path("abiProblem").asText(), onChain);
  }

  private synchronized NodeTools nodeTools() {
    if (nodeTools == null) {
      nodeTools = NodeTools.provision(node, env);
    }
    return nodeTools;
  }

  /**
   * The calldata of a call to the {@link #verifier} contract that verifies {@code proof}
   * (EZKL's encode-evm-calldata: the selector of {@code verifyProof}, the proof and its instances),
   * also written to {@code calldata}.
   */
  byte[] calldata(Path proof, Path calldata) {
    CircuitCompiler.produce(calldata, tmp -> ezkl.run("evm-calldata", CircuitCompiler.args("proof", proof, "calldata", tmp)));
    try {
      return Files.readAllBytes(calldata);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read the calldata EZKL wrote to " + calldata + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code calldata} of {@code verifyProof(bytes proof, uint256[] instances)} claiming another last
   * instance (the last output): the lowest bit of that ABI word flipped. Found through the ABI head
   * rather than at the end, because EZKL's calldata ends with a word past the arguments.
   */
  static byte[] withLastInstanceChanged(byte[] calldata) {
    int arguments = 4; // past the selector
    int instances = arguments + abiWord(calldata, arguments + 32);
    int lastInstanceEnd = instances + 32 * (1 + abiWord(calldata, instances));
    if (lastInstanceEnd > calldata.length || lastInstanceEnd <= instances + 32) {
      throw noInstanceToChange(calldata);
    }
    byte[] changed = calldata.clone();
    changed[lastInstanceEnd - 1] ^= 1;
    return changed;
  }

  /** The ABI word at {@code offset} as an offset or a length (both fit an int in any real calldata). */
  private static int abiWord(byte[] calldata, int offset) {
    if (offset < 0 || offset > calldata.length - 32) {
      throw noInstanceToChange(calldata);
    }
    BigInteger word = new BigInteger(1, Arrays.copyOfRange(calldata, offset, offset + 32));
    if (word.bitLength() > 30) {
      throw noInstanceToChange(calldata);
    }
    return word.intValue();
  }

  private static VeriRegimeException noInstanceToChange(byte[] calldata) {
    return new VeriRegimeException("EZKL's EVM calldata (" + calldata.length + " bytes) has no public instance to"
        + " change where verifyProof(bytes, uint256[]) puts them: the on-chain tamper check needs a public output"
        + " (zk.ezkl.outputVisibility: public).");
  }
}
