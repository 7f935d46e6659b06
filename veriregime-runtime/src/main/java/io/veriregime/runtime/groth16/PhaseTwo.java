package io.veriregime.runtime.groth16;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Groth16Config;
import io.veriregime.runtime.experiment.NodeConfig;
import io.veriregime.runtime.experiment.Section;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.node.NodeTools;
import io.veriregime.runtime.proving.StepFigures;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.ToolEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A second party's contribution to a circuit's phase 2: whoever made a Groth16 key alone could forge
 * proofs with it, and after one more contribution with entropy nobody else saw, only the two together
 * could. The key handed over is checked first ({@code zkey verify}: a key of this constraint system,
 * set up from these powers of tau, every contribution valid), then contributed to with fresh
 * {@code SecureRandom} entropy; its verification key is exported beside it. The producer proves with
 * the new key, and consumers verify with the new verification key: proofs made with the old key no
 * longer verify.
 */
public final class PhaseTwo {

  /**
   * What the contribution wrote.
   *
   * @param zkey the new proving key ({@code circuit.zkey})
   * @param verificationKey its verification key ({@code verification_key.json})
   */
  public record Contribution(Path zkey, Path verificationKey, StepFigures figures) {}

  private PhaseTwo() {}

  /**
   * Checks {@code zkey} against {@code r1cs} and the powers of tau {@code groth16} names
   * ({@code zk.groth16.ptau}, a file: the one the key was set up from, by sha256), contributes to it as
   * {@code name} with snarkjs (Node.js as {@code node} says), and writes the new key and its
   * verification key into {@code outputDir}.
   */
  public static Contribution contribute(Section<Groth16Config> groth16, Section<NodeConfig> node, Path r1cs, Path zkey,
                                        Path outputDir, String name, ToolEnvironment env) {
    StageLog log = env.log();
    for (Path input : new Path[] {r1cs, zkey}) {
      if (!Files.isRegularFile(input)) {
        throw new VeriRegimeException("contribute: " + input + " is not a file. Give the circuit's constraint system"
            + " (--r1cs circuit.r1cs) and the proving key to contribute to (--zkey circuit.zkey), e.g. from a bundle"
            + " built with bundle.includeProvingKey.");
      }
    }
    PowersOfTau powersOfTau = PowersOfTau.of(groth16, node.values().toolsDir(), log);
    if (powersOfTau.generated()) {
      throw groth16.error("ptau", "is generate, but a contribution checks the key against the powers"
              + " of tau it was set up from, which a generated file is not",
          "set zk.groth16.ptau and zk.groth16.ptauSha256 to the file the key was made with (its bundle's provenance"
              + " records its name and sha256)");
    }
    Snarkjs snarkjs = new Snarkjs(NodeTools.provision(node, env));
    PowersOfTau.PhaseOne phaseOne = powersOfTau.forPower(snarkjs.r1csInfo(r1cs).requiredPower(), snarkjs);
    Snarkjs.Check check = snarkjs.zkeyVerify(r1cs, phaseOne.file(), zkey);
    if (!check.passed()) {
      throw new VeriRegimeException("contribute: " + zkey + " is not a proving key of " + r1cs + " set up from "
          + phaseOne.configured() + " (snarkjs zkey verify rejects it), so a contribution to it would protect nothing."
          + " Ask its producer for the key of this circuit, or check that zk.groth16.ptau is the file it was made with.");
    }
    createDirectories(outputDir);
    Path contributed = outputDir.resolve(Groth16Backend.ZKEY);
    if (contributed.toAbsolutePath().normalize().equals(zkey.toAbsolutePath().normalize())) {
      throw new VeriRegimeException("contribute: the new key would replace " + zkey + " itself; give another --output.");
    }
    StepFigures figures = snarkjs.zkeyContribute(zkey, contributed, name);
    Path vk = outputDir.resolve(Groth16Backend.VK);
    snarkjs.exportVerificationKey(contributed, vk);
    log.info("contribute: " + zkey.getFileName() + " checked against " + r1cs.getFileName() + " and "
        + phaseOne.configured() + ", contributed to as '" + name + "' with fresh entropy: " + contributed + " and " + vk
        + ". Prove with the new key and publish the new verification key; proofs of the old key no longer verify.");
    return new Contribution(contributed, vk, figures);
  }

  /**
   * The key {@code zk.groth16.zkey} names, when set: an existing file with the sha256
   * {@code zk.groth16.zkeySha256} gives (checked when the backend is provisioned, before anything runs).
   */
  static Optional<ContributedKey> configured(Section<Groth16Config> section) {
    Groth16Config config = section.values();
    if (config.zkey() == null) {
      return Optional.empty();
    }
    Path file = section.resolve(config.zkey());
    if (!Files.isRegularFile(file)) {
      throw section.error("zkey", "no proving key at " + file,
          "set zk.groth16.zkey to the contributed circuit.zkey, or remove it to set up a key of this build's own");
    }
    String actual = Hashing.sha256(file);
    if (!actual.equalsIgnoreCase(config.zkeySha256())) {
      throw section.error("zkeySha256", "the proving key " + file + " has sha256 " + actual + ", not "
          + config.zkeySha256(), "use the key its contributor sent, or correct zk.groth16.zkeySha256 if you trust this one");
    }
    return Optional.of(new ContributedKey(file, section));
  }

  /** A second party's key for this build's circuit ({@code zk.groth16.zkey}), used instead of a setup of its own. */
  record ContributedKey(Path file, Section<Groth16Config> section) {

    /**
     * Checks the key is {@code r1cs}'s, set up from {@code phaseOne} with valid contributions, and copies it
     * to {@code zkey}: a key of another circuit (the student changed since the contribution) is refused.
     */
    StepFigures install(Snarkjs snarkjs, Path r1cs, PowersOfTau.PhaseOne phaseOne, Path zkey, StageLog log) {
      Snarkjs.Check check = snarkjs.zkeyVerify(r1cs, phaseOne.file(), file);
      if (!check.passed()) {
        throw section.error("zkey", file + " is not a proving key of this build's circuit " + r1cs
                + " set up from " + phaseOne.configured() + " (snarkjs zkey verify rejects it)",
            "the student or zk.groth16's circuit options changed since the contribution: have the new circuit's key"
                + " contributed to again, or remove zk.groth16.zkey to set up a key of this build's own");
      }
      AtomicFiles.write(zkey, out -> Files.copy(file, out));
      log.info("the proving key is " + file + ", a second party's contribution to this circuit's phase 2 (snarkjs zkey"
          + " verify accepts it): this build did not draw its secret");
      return check.figures();
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new VeriRegimeException("contribute: could not create " + dir + ": " + e.getMessage()
          + ". Check that it is writable.", e);
    }
  }
}
