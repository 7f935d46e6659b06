package io.veriregime.runtime.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * On-chain verification without a chain: compiles a Solidity verifier with the pinned solc,
 * deploys it into a fresh in-process EVM (@ethereumjs/vm, Prague rules) and calls it once, by
 * VeriRegime's script {@code evm-verify.cjs}. The answer is what the contract returned, with the gas
 * both transactions used as the EVM charged it.
 */
public final class Evm {

  /** EIP-170: the largest runtime bytecode mainnet accepts. */
  public static final int MAX_CONTRACT_BYTES = 24_576;

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
   * @param deployedBytes size of the runtime bytecode (over {@link #MAX_CONTRACT_BYTES} it could not be deployed on mainnet)
   * @param deploymentGas gas of the deployment transaction
   * @param verified the call returned the ABI bool {@code true}
   * @param reverted the call reverted (a verifier may reject a proof that way)
   * @param revertReason the EVM's reason when it reverted, else null
   * @param callGas gas of the verification transaction, intrinsic cost included
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Verification(String contract, String solc, String hardfork, int deployedBytes, long deploymentGas,
                             boolean verified, boolean reverted, String revertReason, long callGas) {

    public boolean fitsMainnetSizeLimit() {
      return deployedBytes <= MAX_CONTRACT_BYTES;
    }
  }

  /**
   * Deploys {@code contract} of {@code source} (null: its only deployable contract) and sends it
   * {@code calldata} as it is (selector included, e.g. EZKL's {@code encode-evm-calldata}).
   */
  public Verification call(Path source, String contract, byte[] calldata) {
    return run(source, contract, null, calldata);
  }

  /**
   * Deploys {@code contract} of {@code source} and calls its function {@code function} (there must be
   * exactly one of that name) with {@code arguments}, already ABI-encoded; the selector comes from
   * the compiler.
   */
  public Verification callFunction(Path source, String contract, String function, byte[] arguments) {
    return run(source, contract, function, arguments);
  }

  private Verification run(Path source, String contract, String function, byte[] calldata) {
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
      fields.put("calldata", "0x" + HexFormat.of().formatHex(calldata));
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
