package io.veriregime.runtime.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * On-chain verification without a chain: compiles a Solidity verifier with the pinned solc,
 * deploys it into a fresh in-process EVM (@ethereumjs/vm, Prague rules) and calls it, by
 * VeriRegime's script {@code evm-verify.cjs}: with the calldata given, then with each tampered
 * calldata (a changed claim, which a sound verifier rejects). The answer is what the contract
 * returned, with the gas of the deployment and of the first call as the EVM charged it.
 */
public final class Evm {

  private final NodeTools tools;
  private final Path script;

  Evm(NodeTools tools, Path script) {
    this.tools = tools;
    this.script = script;
  }

  /**
   * What one verification call did.
   *
   * @param contract the contract deployed
   * @param solc the compiler's full version
   * @param hardfork the EVM rules it ran under (and the compiler targeted)
   * @param deployedBytes size of the runtime bytecode (over {@link EvmVerifier#MAX_CONTRACT_BYTES} it could not be deployed on mainnet)
   * @param deploymentGas gas of the deployment transaction
   * @param verified the call returned the ABI bool {@code true}
   * @param reverted the call reverted (a verifier may reject a proof that way)
   * @param revertReason the EVM's reason when it reverted, else null
   * @param callGas gas of the verification transaction, intrinsic cost included
   * @param tamperedAccepted how many of the tampered calls the contract accepted (a sound one: none)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Verification(String contract, String solc, String hardfork, int deployedBytes, long deploymentGas,
                             boolean verified, boolean reverted, String revertReason, long callGas,
                             int tamperedAccepted) {

    /**
     * What the run says of {@code system}'s verifier for a {@code proof} its own verifier accepted,
     * logged; the build stops when the contract accepted a tampered call, because a verifier that
     * does proves nothing on chain, whatever it answered for the real proof.
     *
     * @param tampering what the tampered calls changed, for the log and the failure
     */
    public EvmVerifier.OnChain onChain(String system, Path proof, String tampering, StageLog log) {
      if (tamperedAccepted > 0) {
        throw new VeriRegimeException("SOUNDNESS FAILURE: " + system + "'s Solidity verifier " + contract + " accepted a"
            + " proof of " + proof + " with " + tampering + ". Do not deploy it; check the verifier's source and the"
            + " setup material.");
      }
      // a contract that rejects the real proof as well says nothing by rejecting a tampered one
      EvmVerifier.OnChain onChain = new EvmVerifier.OnChain(verified, deployedBytes, deploymentGas, callGas, solc,
          hardfork, verified);
      if (!verified) {
        log.warn(system + "'s Solidity verifier rejected a proof " + system + " accepted (" + proof + ")"
            + (reverted ? ": it reverted, " + revertReason : "") + "; its rejection of " + tampering + " proves nothing");
      }
      log.info(String.format(Locale.ROOT, "EVM verifier: %,d bytes deployed%s, deployment %,d gas, verifyProof %,d gas%s",
          deployedBytes, onChain.fitsMainnet() ? "" : " (over EIP-170's " + EvmVerifier.MAX_CONTRACT_BYTES + ")",
          deploymentGas, callGas, verified ? "; " + tampering + " rejected" : ""));
      return onChain;
    }
  }

  /**
   * Deploys {@code contract} of {@code source} (null: its only deployable contract) and sends it
   * {@code calldata} as it is (selector included, e.g. EZKL's {@code encode-evm-calldata}), then each
   * of {@code tampered}.
   */
  public Verification call(Path source, String contract, byte[] calldata, List<byte[]> tampered) {
    return run(source, contract, null, calldata, tampered);
  }

  /**
   * Deploys {@code contract} of {@code source} and calls its function {@code function} (there must be
   * exactly one of that name) with {@code arguments}, already ABI-encoded, then with each of
   * {@code tampered}; the selector comes from the compiler.
   */
  public Verification callFunction(Path source, String contract, String function, byte[] arguments,
                                   List<byte[]> tampered) {
    return run(source, contract, function, arguments, tampered);
  }

  private Verification run(Path source, String contract, String function, byte[] calldata, List<byte[]> tampered) {
    if (!Files.isRegularFile(source)) {
      throw new VeriRegimeException("No Solidity source at " + source + " to deploy.");
    }
    Path request = null;
    try {
      // in the system's temporary directory: the source's directory may be a stage's output, which holds only its listed files
      request = Files.createTempFile("veriregime-evm-", ".json");
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("source", source.toAbsolutePath().toString());
      fields.put("contract", contract);
      fields.put("function", function);
      fields.put("calldata", hex(calldata));
      fields.put("tampered", tampered.stream().map(Evm::hex).toList());
      JsonFiles.write(request, fields);
      NodeTools.NodeRun run = tools.run("evm " + source.getFileName(), List.of(script.toString(), request.toString()),
          tools.home()).requireSuccess();
      String answer = run.result().orElseThrow(() -> new VeriRegimeException("The EVM script ended without its answer."
          + " Its last output:\n" + run.tail()));
      return JsonFiles.mapper().readValue(answer, Verification.class);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not run the EVM verification of " + source + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(request);
    }
  }

  private static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a stray request in the temporary directory is harmless
      }
    }
  }
}
