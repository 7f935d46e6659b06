package io.veriregime.runtime.experiment;

import java.nio.file.Path;

/**
 * The {@code zk.node:} section: the Node.js that runs snarkjs (the Groth16 backend) and the in-process
 * EVM (either backend's on-chain check, {@code zk.evm}), and where its pinned npm packages come from.
 * None of it changes what a circuit or a proof is: the packages are pinned by the lockfile.
 *
 * @param executable a Node.js executable (20 or newer); null to take {@code node} from the PATH
 * @param toolsDir where the pinned npm packages (snarkjs, solc, the in-process EVM) are installed and
 *     development powers of tau are kept
 * @param npmRegistry the npm registry the pinned packages are installed from (a mirror); null for npm's
 *     own configuration (else registry.npmjs.org). The lockfile's integrity hashes hold either way
 */
public record NodeConfig(Path executable, Path toolsDir, String npmRegistry) implements ConfigSection {

  static final NodeConfig DEFAULTS = new NodeConfig(
      null,
      Path.of(System.getProperty("user.home"), ".veriregime", "node"),
      null);

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(npmRegistry == null || npmRegistry.matches("(?i)https?://[^/?#\\s]+(/\\S*)?"), "npmRegistry",
        "must be an http or https URL, got '" + npmRegistry + "'",
        "Write the URL of an npm registry mirror, e.g. https://npm.example.com/, or remove it to use npm's own configuration.");
  }
}
