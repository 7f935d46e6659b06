package io.veriregime.runtime.node;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.NodeConfig;
import io.veriregime.runtime.experiment.Section;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.ToolInstall;
import io.veriregime.runtime.files.Resources;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.process.ChildProcess;
import io.veriregime.runtime.process.Heartbeat;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.ToolEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds Node.js and installs the pinned npm packages, mirroring {@code ezkl.EzklProvisioner}: the
 * packages go into {@code zk.node.toolsDir/packages-<hash of package.json and package-lock.json>}
 * (a changed pin never reuses an old install), installed with {@code npm ci --ignore-scripts} in a
 * temporary sibling directory and renamed into place under a file lock, so two builds racing on a
 * fresh machine install once and an interrupted install never leaves a directory that looks usable.
 * The lockfile's integrity hashes pin every tarball, whichever registry serves them, and no
 * package's install script runs.
 */
final class NodeProvisioner {

  static final String PACKAGE_JSON = "package.json";
  static final String PACKAGE_LOCK = "package-lock.json";
  static final String SCRIPTS_DIR = "scripts";
  static final String EVM_SCRIPT = "evm-verify.cjs";
  static final String SNARKJS_SCRIPT = "snarkjs-run.cjs";
  static final String GROTH16_PROVE_SCRIPT = "groth16-prove.cjs";
  /** What snarkjs-run.cjs and groth16-prove.cjs require from beside them. */
  static final String PROCESS_FIGURES_SCRIPT = "process-figures.cjs";
  /** npm's default registry, to find the proxy npm will use for it. */
  private static final String NPMJS = "https://registry.npmjs.org/";
  private static final Pattern MINIMUM = Pattern.compile(">=\\s*(\\d+)");

  private final Section<NodeConfig> section;
  private final NodeConfig config;
  private final ToolEnvironment env;
  private final StageLog log;

  NodeProvisioner(Section<NodeConfig> section, ToolEnvironment env) {
    this.section = section;
    this.config = section.values();
    this.env = env;
    this.log = env.log();
  }

  /** The part of our package.json this class reads. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record PackageJson(Map<String, String> engines, Map<String, String> dependencies) {

    static PackageJson pinned() {
      try {
        return JsonFiles.mapper().readValue(resource(PACKAGE_JSON), PackageJson.class);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The oldest Node.js major release every pinned package supports ({@code engines.node: ">=20"}). */
    int minimumNodeMajor() {
      Matcher matcher = MINIMUM.matcher(engines.get("node"));
      if (!matcher.find()) {
        throw new IllegalStateException("package.json engines.node is not '>=N': " + engines.get("node"));
      }
      return Integer.parseInt(matcher.group(1));
    }
  }

  NodeTools provision() {
    PackageJson pinned = PackageJson.pinned();
    NodeExecutable found = NodeExecutable.find(section, pinned.minimumNodeMajor());
    Path node = found.path();
    String version = found.version();
    byte[] packageJson = resource(PACKAGE_JSON);
    byte[] packageLock = resource(PACKAGE_LOCK);
    String pin = Hashing.sha256(concat(packageJson, packageLock)).substring(0, 12);
    Path home = config.toolsDir().resolve("packages-" + pin);
    if (!ToolInstall.isReady(home)) {
      install(node, home, packageJson, packageLock, pinned);
    }
    installScript(home, PROCESS_FIGURES_SCRIPT);
    installScript(home, EVM_SCRIPT);
    installScript(home, SNARKJS_SCRIPT);
    installScript(home, GROTH16_PROVE_SCRIPT);
    return new NodeTools(node, version, home, Map.copyOf(new TreeMap<>(pinned.dependencies())), env.timeout(), log);
  }

  private void install(Path node, Path home, byte[] packageJson, byte[] packageLock, PackageJson pinned) {
    if (env.offline()) {
      throw new VeriRegimeException("The pinned Node.js packages (" + describe(pinned) + ") are not installed at " + home
          + " and the build is offline. Run the build once online so VeriRegime can install them there"
          + " (zk.node.toolsDir), or copy that directory from a machine where they are installed.");
    }
    Path npm = findNpm(node);
    try {
      boolean installed = ToolInstall.install(home, config.toolsDir().resolve("install.lock"), describe(pinned), staging -> {
        String registry = config.npmRegistry() == null ? NPMJS : config.npmRegistry();
        log.info("Node.js packages: first use on this machine; installing " + describe(pinned) + " and their "
            + "dependencies, pinned by package-lock.json, from " + (config.npmRegistry() == null ? "npm's registry"
            : config.npmRegistry() + " (zk.node.npmRegistry)") + " into " + home + " with 'npm ci --ignore-scripts'"
            + " (reused by later builds)" + env.proxies().forUri(URI.create(registry))
                .map(proxy -> " through the proxy " + proxy.host() + ":" + proxy.port()).orElse(""));
        AtomicFiles.write(staging.resolve(PACKAGE_JSON), packageJson);
        AtomicFiles.write(staging.resolve(PACKAGE_LOCK), packageLock);
        npmCi(node, npm, staging);
        ToolInstall.deleteRecursively(staging.resolve(".npm-cache"));
      });
      log.info("Node.js packages: " + (installed ? "installed at " : "another build finished installing them at ") + home);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not install the Node.js packages under " + config.toolsDir() + ": "
          + e.getMessage() + ". Check that zk.node.toolsDir is writable, or set it to a directory that is.", e);
    }
  }

  /**
   * npm ci: exactly the lockfile's versions, each tarball checked against its integrity hash, no
   * install scripts (none of the pinned packages needs one: solc bundles its compiler as
   * JavaScript, snarkjs' curves are WebAssembly). The proxies go in as the standard variables,
   * which npm reads; a registry as {@code npm_config_registry}, never on the command line.
   */
  private void npmCi(Path node, Path npm, Path staging) {
    Map<String, String> variables = new LinkedHashMap<>(env.proxies().toEnvironment());
    if (config.npmRegistry() != null) {
      variables.put("npm_config_registry", config.npmRegistry());
    }
    variables.put("npm_config_update_notifier", "false");
    // a cache of its own, deleted with the staging directory: the registry is the only source, and a
    // user's ~/.npm (or its configuration) cannot take part in the install
    variables.put("npm_config_cache", staging.resolve(".npm-cache").toString());
    List<String> command = List.of(node.toString(), npm.toString(), "ci", "--ignore-scripts", "--no-audit", "--no-fund",
        "--omit=dev", "--loglevel=warn");
    List<String> output = new ArrayList<>();
    ChildProcess.Result result;
    try (Heartbeat ignored = Heartbeat.every(NodeTools.HEARTBEAT_INTERVAL,
        elapsed -> log.info("Node.js packages install: still running, " + elapsed.toSeconds() + " s"))) {
      result = ChildProcess.run(command, staging, variables, env.timeout(),
          line -> { output.add(line); log.info("  " + line); },
          line -> { output.add(line); log.warn("  " + line); });
    }
    if (result.timedOut() || result.exitCode() != 0) {
      throw new VeriRegimeException("Node.js packages install: '" + String.join(" ", command) + "' "
          + (result.timedOut() ? "timed out after zk.timeout" : result.describe()) + ". Last output:\n"
          + String.join("\n", output.subList(Math.max(0, output.size() - 10), output.size()))
          + "\nCheck the network, the proxy (https_proxy or settings.xml) or zk.node.npmRegistry, then run the build again.");
    }
  }

  /**
   * npm as the Node.js distribution ships it, run by this very node (the {@code npm} launcher would
   * take whichever node comes first on the PATH): {@code lib/node_modules/npm} beside {@code bin/} on
   * Linux and macOS, {@code node_modules/npm} beside {@code node.exe} on Windows.
   */
  private Path findNpm(Path node) {
    Path real;
    try {
      real = node.toRealPath();
    } catch (IOException e) {
      real = node.toAbsolutePath();
    }
    Path bin = real.getParent();
    List<Path> candidates = List.of(
        bin.resolveSibling("lib").resolve("node_modules/npm/bin/npm-cli.js"),
        bin.resolve("node_modules/npm/bin/npm-cli.js"));
    return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new VeriRegimeException(
        "Node.js at " + node + " has no npm beside it (looked for " + candidates.stream().map(Path::toString)
            .collect(Collectors.joining(" and ")) + "). Install Node.js with its npm (the nodejs.org packages include it),"
            + " or point zk.node.executable at one that has it."));
  }

  /** Our scripts are copied into the install by content: a changed script is never shadowed by an old copy. */
  private static void installScript(Path home, String name) {
    byte[] script = resource(name);
    Path target = home.resolve(SCRIPTS_DIR).resolve(name);
    try {
      if (!Files.isRegularFile(target) || !Hashing.sha256(target).equals(Hashing.sha256(script))) {
        Files.createDirectories(target.getParent());
        AtomicFiles.write(target, script);
      }
    } catch (IOException e) {
      throw new VeriRegimeException("Could not write " + target + ": " + e.getMessage()
          + ". Check that zk.node.toolsDir is writable.", e);
    }
  }

  private static String describe(PackageJson pinned) {
    return pinned.dependencies().entrySet().stream().filter(entry -> !entry.getKey().startsWith("@ethereumjs/")
            || entry.getKey().equals("@ethereumjs/vm"))
        .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
  }

  static byte[] resource(String name) {
    return Resources.read(NodeProvisioner.class, name);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = new byte[first.length + second.length];
    System.arraycopy(first, 0, both, 0, first.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }


}
