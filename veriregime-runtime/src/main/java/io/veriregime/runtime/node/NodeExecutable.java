package io.veriregime.runtime.node;

import io.veriregime.runtime.experiment.NodeConfig;
import io.veriregime.runtime.experiment.Section;
import io.veriregime.runtime.process.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Node.js a build runs: {@code zk.node.executable}, or the first {@code node} on the PATH, checked
 * with {@code node --version} to be Node.js of the version the pinned packages need.
 *
 * @param version {@code node --version} without the {@code v}, e.g. {@code 20.20.2}
 */
record NodeExecutable(Path path, String version) {

  private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");

  /** The configured or found Node.js, refused at {@code zk.node.executable} with what to install when it will not do. */
  static NodeExecutable find(Section<NodeConfig> section, int minimumMajor) {
    Path node = findNode(section, minimumMajor);
    return new NodeExecutable(node, checkedVersion(section, node, minimumMajor));
  }

  /** {@code zk.node.executable}, or the first {@code node} on the PATH. */
  private static Path findNode(Section<NodeConfig> section, int minimumMajor) {
    NodeConfig config = section.values();
    if (config.executable() != null) {
      if (!Files.isRegularFile(config.executable())) {
        throw section.error("executable", "there is no Node.js executable at " + config.executable(),
            "point zk.node.executable at a Node.js " + minimumMajor
                + " or newer executable, or remove it to use the node on the PATH");
      }
      return config.executable();
    }
    String executable = windows() ? "node.exe" : "node";
    return Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry).resolve(executable))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> section.error("executable", "Node.js is not installed: there is no " + executable
                + " on the PATH",
            "install Node.js " + minimumMajor + " or newer (https://nodejs.org), or set"
                + " zk.node.executable to its executable"));
  }

  /** Runs {@code node --version}, so a wrong or too old program fails here with advice, not mid-proof. */
  private static String checkedVersion(Section<NodeConfig> section, Path node, int minimumMajor) {
    List<String> output = new ArrayList<>();
    ChildProcess.Result result;
    try {
      result = ChildProcess.run(List.of(node.toString(), "--version"), existingAncestor(section.values().toolsDir()), Map.of(), Duration.ofMinutes(1),
          output::add, output::add);
    } catch (ChildProcess.StartFailure e) {
      throw section.error("executable", node + " cannot be run: " + e.getMessage(),
          "point zk.node.executable at a Node.js " + minimumMajor + " or newer executable");
    }
    String printed = String.join(" ", output).trim();
    Matcher matcher = VERSION.matcher(printed);
    if (result.exitCode() != 0 || !matcher.lookingAt()) {
      throw section.error("executable", node + " is not Node.js: 'node --version' " + (result.exitCode() != 0
              ? result.describe() : "printed '" + printed + "'"),
          "point zk.node.executable at a Node.js " + minimumMajor + " or newer executable");
    }
    if (Integer.parseInt(matcher.group(1)) < minimumMajor) {
      throw section.error("executable", node + " is Node.js " + printed + ", older than the " + minimumMajor
              + " the pinned snarkjs, solc and @ethereumjs/vm need",
          "install Node.js " + minimumMajor + " or newer and put it on the PATH, or set zk.node.executable to it");
    }
    return matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3);
  }

  private static Path existingAncestor(Path dir) {
    Path candidate = dir.toAbsolutePath();
    while (candidate != null && !Files.isDirectory(candidate)) {
      candidate = candidate.getParent();
    }
    return candidate == null ? Path.of(".").toAbsolutePath() : candidate;
  }

  private static boolean windows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }
}
