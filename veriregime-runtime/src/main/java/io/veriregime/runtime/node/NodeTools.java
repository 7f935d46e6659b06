package io.veriregime.runtime.node;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.NodeConfig;
import io.veriregime.runtime.experiment.Section;
import io.veriregime.runtime.process.ChildProcess;
import io.veriregime.runtime.process.ChildProtocol;
import io.veriregime.runtime.process.Heartbeat;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.ToolEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Node.js (20 or newer) and the npm packages VeriRegime pins (snarkjs, solc, @ethereumjs/vm),
 * installed from the runtime's {@code package-lock.json}: ready to run snarkjs' CLI or one of
 * VeriRegime's own scripts ({@link #evm()}). Every run is a child process (Commons Exec via
 * {@link ChildProcess}) with the {@code zk.timeout} limit and a heartbeat while it is quiet; its
 * output goes to the debug log, its error lines are always shown.
 */
public final class NodeTools {

  /**
   * How often a quiet run (or the install) says it is still running: snarkjs prints little during
   * a setup or a phase-1 preparation that can take many minutes.
   */
  static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
  /** Lines kept to explain a failure. */
  private static final int TAIL_LINES = 20;
  /** logplease (snarkjs' logger) colours its lines even into a pipe. */
  private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*m");
  private static final Pattern ERROR_LINE = Pattern.compile("\\[ERROR]|\\bError\\b");

  private final Path node;
  private final String nodeVersion;
  private final Path home;
  private final Map<String, String> packages;
  private final Duration timeout;
  private final StageLog log;

  NodeTools(Path node, String nodeVersion, Path home, Map<String, String> packages, Duration timeout, StageLog log) {
    this.node = node;
    this.nodeVersion = nodeVersion;
    this.home = home;
    this.packages = packages;
    this.timeout = timeout;
    this.log = log;
  }

  /**
   * Resolves Node.js ({@code zk.node.executable}, else {@code node} on the PATH) and the pinned
   * packages under {@code zk.node.toolsDir}, installing them on first use unless the build is offline,
   * through its proxies.
   */
  public static NodeTools provision(Section<NodeConfig> node, ToolEnvironment env) {
    return new NodeProvisioner(node, env).provision();
  }

  /** The npm packages VeriRegime pins (name to exact version), read from its package.json without installing anything. */
  public static Map<String, String> pinnedPackages() {
    return Map.copyOf(NodeProvisioner.PackageJson.pinned().dependencies());
  }

  /** {@code node --version} without the {@code v}, e.g. {@code 20.20.2}. */
  public String nodeVersion() {
    return nodeVersion;
  }

  /** The pinned npm packages VeriRegime asks for (name to exact version), e.g. {@code snarkjs} → {@code 0.7.6}. */
  public Map<String, String> packages() {
    return packages;
  }

  /** The installed package {@code name}'s directory, e.g. for its CLI script. */
  public Path packageDir(String name) {
    if (!packages.containsKey(name)) {
      throw new IllegalArgumentException(name + " is not one of the pinned packages " + packages.keySet());
    }
    return home.resolve("node_modules").resolve(name);
  }

  /** The in-process EVM (with the pinned solc) that runs Solidity verifiers. */
  public Evm evm() {
    return new Evm(this, home.resolve(NodeProvisioner.SCRIPTS_DIR).resolve(NodeProvisioner.EVM_SCRIPT));
  }

  /**
   * Runs snarkjs' CLI ({@code node_modules/snarkjs/build/cli.cjs}, not npx) with {@code arguments},
   * inside VeriRegime's {@code snarkjs-run.cjs}, which reports the process's peak memory as its
   * {@link NodeRun#result()}.
   */
  public NodeRun runSnarkjs(String step, List<String> arguments, Path workDir) {
    return runSnarkjs(step, arguments, workDir, false);
  }

  /**
   * @param failureIsAnAnswer the step's failure is an answer its caller reports (a verifier's "invalid
   *     proof", expected of a tampered proof), so its error lines go to the debug log, not the warnings
   */
  public NodeRun runSnarkjs(String step, List<String> arguments, Path workDir, boolean failureIsAnAnswer) {
    List<String> command = new ArrayList<>(List.of(
        home.resolve(NodeProvisioner.SCRIPTS_DIR).resolve(NodeProvisioner.SNARKJS_SCRIPT).toString(),
        packageDir("snarkjs").resolve("build").resolve("cli.cjs").toString()));
    command.addAll(arguments);
    return run(step, command, workDir, failureIsAnAnswer);
  }

  /**
   * Runs VeriRegime's {@code groth16-prove.cjs}: snarkjs' {@code groth16.prove} for each job of
   * {@code jobsFile} in this one process, the proving key read once; {@code zk.timeout} for each proof.
   * Its {@link NodeRun#result()} holds every proof's figures.
   */
  public NodeRun proveGroth16(Path jobsFile, int proofs, Path workDir) {
    // named as one proof is: "snarkjs groth16 prove: N s" in the log either way (users and IT groth16-prove-student read it)
    return run("snarkjs groth16 prove", List.of(home.resolve(NodeProvisioner.SCRIPTS_DIR)
        .resolve(NodeProvisioner.GROTH16_PROVE_SCRIPT).toString(), jobsFile.toString()), workDir, false,
        timeout.multipliedBy(Math.max(1, proofs)));
  }

  /** Where the packages are installed: {@code package.json}, {@code node_modules/}, VeriRegime's scripts. */
  Path home() {
    return home;
  }

  /**
   * Runs {@code node <arguments>} in {@code workDir}. A time-out or a program that cannot be
   * started ends in a {@link VeriRegimeException}; any exit status is returned for the caller to
   * judge (snarkjs answers "invalid proof" with status 1).
   *
   * @param step what it does, for the log and messages (e.g. {@code snarkjs groth16 prove})
   */
  public NodeRun run(String step, List<String> arguments, Path workDir) {
    return run(step, arguments, workDir, false);
  }

  private NodeRun run(String step, List<String> arguments, Path workDir, boolean failureIsAnAnswer) {
    return run(step, arguments, workDir, failureIsAnAnswer, timeout);
  }

  private NodeRun run(String step, List<String> arguments, Path workDir, boolean failureIsAnAnswer, Duration limit) {
    List<String> command = new ArrayList<>(List.of(node.toString()));
    command.addAll(arguments);
    ChildProtocol.Reply reply = new ChildProtocol.Reply(TAIL_LINES);
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    log.debug(step + ": " + String.join(" ", command));
    ChildProcess.Result result;
    try (Heartbeat ignored = Heartbeat.every(HEARTBEAT_INTERVAL,
        elapsed -> log.info(step + ": still running, " + elapsed.toSeconds() + " s"))) {
      result = ChildProcess.run(command, workDir, Map.of(), limit,
          reply.stdout(line -> relay(step, line, lines, failureIsAnAnswer)),
          reply.stderr(line -> relay(step, line, lines, failureIsAnAnswer)));
    }
    if (result.timedOut()) {
      throw new VeriRegimeException(step + " did not finish within " + limit.toSeconds() + " s (zk.timeout "
          + timeout.toSeconds() + " s per step or proof). Raise zk.timeout in experiment.yaml, or prove a smaller circuit.");
    }
    if (result.kind() == ChildProcess.Kind.KILLED_BY_SIGNAL) {
      throw new VeriRegimeException(step + " " + result.describe() + (result.likelyOutOfMemory()
          ? ". Prove a smaller circuit or give the machine more memory." : ".") + " Its last output:\n" + reply.tail());
    }
    log.info(String.format(Locale.ROOT, "%s: %.2f s", step, result.elapsed().toNanos() / 1e9));
    return new NodeRun(step, result.exitCode(), List.copyOf(lines), reply.result(), reply.error(), reply.tail(), result.elapsed());
  }

  private void relay(String step, String raw, List<String> lines, boolean failureIsAnAnswer) {
    String line = ANSI_ESCAPE.matcher(raw).replaceAll("");
    lines.add(line);
    if (!failureIsAnAnswer && ERROR_LINE.matcher(line).find()) {
      log.warn(step + ": " + line);
    } else {
      log.debug(step + ": " + line);
    }
  }

  /**
   * How one run ended.
   *
   * @param lines every line it printed but the child protocol's (stdout and stderr interleaved, colours removed)
   * @param result the {@code veriregime-result:} payload of VeriRegime's own scripts
   * @param error the {@code veriregime-error:} message of VeriRegime's own scripts
   * @param tail the last lines, to explain a failure
   */
  public record NodeRun(String step, int exitCode, List<String> lines, Optional<String> result, Optional<String> error,
                        String tail, Duration elapsed) {

    /** This run, or a {@link VeriRegimeException} with the program's own words when it failed. */
    public NodeRun requireSuccess() {
      if (error.isPresent()) {
        throw new VeriRegimeException(step + " failed: " + error.get());
      }
      if (exitCode != 0) {
        throw new VeriRegimeException(step + " exited with status " + exitCode + (tail.isBlank() ? " and printed nothing."
            : ". Its last output:\n" + tail) + "\nRun with -X for its full output.");
      }
      return this;
    }

    public double seconds() {
      return elapsed.toNanos() / 1e9;
    }
  }
}
