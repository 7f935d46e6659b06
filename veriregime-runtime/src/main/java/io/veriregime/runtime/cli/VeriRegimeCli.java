package io.veriregime.runtime.cli;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.bundle.BundleVerifier;
import io.veriregime.runtime.groth16.PhaseTwo;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.pipeline.StageRequest;
import io.veriregime.runtime.pipeline.StageRunner;
import io.veriregime.runtime.pipeline.SweepRunner;
import io.veriregime.runtime.process.ChildProtocol;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.trust.ArtifactTrust;
import io.veriregime.runtime.trust.TrustPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs stages without Maven:
 *
 * <pre>
 * java -cp veriregime-runtime.jar:… io.veriregime.runtime.cli.VeriRegimeCli &lt;stage&gt;… \
 *     [--experiment experiment.yaml] [--output target/veriregime] [--set key.path=value]… [--offline] [--force]
 * </pre>
 *
 * Every stage runs in this JVM (nothing else lives in it, so it may load libtorch). The consumer's
 * check of a model bundle, as the verify-proof goal does it for a bundle resolved by coordinates:
 *
 * <pre>
 * java -cp … io.veriregime.runtime.cli.VeriRegimeCli verify-proof --bundle model-bundle.zip [--experiment …] [--offline]
 *     [--trusted-key FINGERPRINT]… [--keyring trusted-keys.asc] [--lock veriregime-bundles.lock] [--update-pins]
 * </pre>
 *
 * With a trusted key the zip's signature is {@code model-bundle.zip.asc} beside it; with {@code --lock} it is
 * pinned there by its file name.
 *
 * Every variant of the experiment's {@code sweep:} section, into {@code <output>/sweep/<id>/}, with
 * {@code sweep/summary.json} and {@code sweep/report.html}:
 *
 * <pre>
 * java -cp … io.veriregime.runtime.cli.VeriRegimeCli sweep [--experiment …] [--output …] [--set key=value]…
 * </pre>
 *
 * A user-facing failure is printed as one line {@code veriregime-error: <message>} on stderr and
 * ends the process with status 2.
 */
public final class VeriRegimeCli {

  private static final String VERIFY_PROOF = "verify-proof";
  private static final String SWEEP = "sweep";
  private static final String CONTRIBUTE = "contribute";

  private VeriRegimeCli() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (VeriRegimeException e) {
      ChildProtocol.printError(e.getMessage());
      System.exit(ChildProtocol.USER_ERROR);
    }
  }

  public static void run(String[] args) {
    List<String> arguments = Arrays.asList(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.println(StageRequest.usage() + " Or: verify-proof --bundle <zip> [--experiment …] [--offline]"
          + " [--trusted-key FINGERPRINT]… [--keyring FILE] [--lock FILE] [--update-pins]."
          + " Or: sweep [--experiment …] [--output …] [--set key=value]… (every variant of sweep: into <output>/sweep/)."
          + " Or: contribute --r1cs <circuit.r1cs> --zkey <circuit.zkey> [--name <who>] [--experiment …] [--output …]"
          + " (a Groth16 phase-2 contribution: into <output>/contribute/).");
      return;
    }
    if (!arguments.isEmpty() && arguments.get(0).equals(VERIFY_PROOF)) {
      verifyProof(arguments);
      return;
    }
    if (!arguments.isEmpty() && arguments.get(0).equals(CONTRIBUTE)) {
      contribute(arguments);
      return;
    }
    if (!arguments.isEmpty() && arguments.get(0).equals(SWEEP)) {
      // the request's options as for a stage; the sweep runs its own stages per variant
      SweepRunner.run(StageRunner.inThisJvm(StageLog.stdout()), StageRequest.parseOptions(arguments.subList(1, arguments.size())),
          StageLog.stdout());
      return;
    }
    StageRunner.inThisJvm(StageLog.stdout()).run(StageRequest.parse(arguments));
  }

  /** Verifies every proof of a bundle file, failing on any that does not verify. */
  private static void verifyProof(List<String> arguments) {
    int option = arguments.indexOf("--bundle");
    if (option < 0 || option + 1 >= arguments.size()) {
      throw new VeriRegimeException("verify-proof needs --bundle <the bundle zip>. Usage: verify-proof --bundle"
          + " model-bundle.zip [--experiment experiment.yaml] [--output target/veriregime] [--set key=value]… [--offline]");
    }
    Path bundle = Path.of(arguments.get(option + 1));
    List<String> rest = new ArrayList<>(arguments);
    rest.subList(option, option + 2).clear();
    rest.remove(0);
    List<String> keyring = take(rest, "--keyring");
    List<String> lock = take(rest, "--lock");
    TrustPolicy policy = new TrustPolicy(take(rest, "--trusted-key"), keyring.isEmpty() ? null : Path.of(keyring.get(0)),
        lock.isEmpty() ? null : Path.of(lock.get(0)), rest.remove("--update-pins"),
        new TrustPolicy.Options("--trusted-key", "--keyring", "--update-pins"));
    // the request's options (experiment for EZKL's settings, overrides, output, offline) as for a stage
    StageRequest request = StageRequest.parseOptions(rest);
    StageLog log = StageLog.stdout();
    ArtifactTrust trust = ArtifactTrust.of(policy, log);
    String name = bundle.getFileName() == null ? "bundle" : bundle.getFileName().toString();
    Path signature = bundle.resolveSibling(name + ".asc");
    BundleVerifier.Verified verified = new BundleVerifier(
        ExperimentLoader.loadOrDefaults(request.experimentFile(), request.overrides()), request.offline(),
        request.proxies(), log).verifyBundle(
            trust.check(name.replaceAll("\\s", "_"), bundle, () -> Optional.of(signature).filter(Files::isRegularFile)),
            request.outputRoot().resolve(BundleVerifier.WORK_DIR).resolve(name));
    trust.conclude(bundle.toString());
    log.info(VERIFY_PROOF + ": " + verified.proofs() + " proof(s) of " + bundle + " verified with "
        + verified.backend() + " " + verified.backendVersion());
  }

  /** Removes every {@code option value} pair from {@code arguments}; the values, in order. */
  private static List<String> take(List<String> arguments, String option) {
    List<String> values = new ArrayList<>();
    for (int at; (at = arguments.indexOf(option)) >= 0; ) {
      if (at + 1 >= arguments.size()) {
        throw new VeriRegimeException("verify-proof: " + option + " needs a value. Usage: verify-proof --bundle"
            + " model-bundle.zip [--trusted-key FINGERPRINT]… [--keyring FILE] [--lock FILE] [--update-pins]");
      }
      values.add(arguments.get(at + 1));
      arguments.subList(at, at + 2).clear();
    }
    return values;
  }

  /**
   * A second party's phase-2 contribution to a Groth16 proving key ({@link PhaseTwo}), checked against
   * the circuit and the powers of tau the experiment names ({@code zk.groth16.ptau}, a file).
   */
  private static void contribute(List<String> arguments) {
    List<String> rest = new ArrayList<>(arguments.subList(1, arguments.size()));
    String usage = " Usage: contribute --r1cs circuit.r1cs --zkey circuit.zkey [--name who] [--experiment"
        + " experiment.yaml] [--output target/veriregime] [--offline]";
    Path r1cs = Path.of(takeOne(rest, "--r1cs", CONTRIBUTE + " needs --r1cs <the circuit's circuit.r1cs>." + usage));
    Path zkey = Path.of(takeOne(rest, "--zkey", CONTRIBUTE + " needs --zkey <the proving key to contribute to>." + usage));
    String name = rest.contains("--name") ? takeOne(rest, "--name", CONTRIBUTE + " needs a name after --name." + usage)
        : "second party";
    StageRequest request = StageRequest.parseOptions(rest);
    PhaseTwo.contribute(ExperimentLoader.loadOrDefaults(request.experimentFile(), request.overrides()), r1cs, zkey,
        request.outputRoot().resolve(CONTRIBUTE), name, request.offline(), request.proxies(), StageLog.stdout());
  }

  /** The value after {@code option}, removed with it from {@code arguments}. */
  private static String takeOne(List<String> arguments, String option, String missing) {
    int at = arguments.indexOf(option);
    if (at < 0 || at + 1 >= arguments.size()) {
      throw new VeriRegimeException(missing);
    }
    String value = arguments.get(at + 1);
    arguments.subList(at, at + 2).clear();
    return value;
  }
}
