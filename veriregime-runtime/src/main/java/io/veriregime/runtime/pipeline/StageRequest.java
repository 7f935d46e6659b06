package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.net.Proxies;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What to run, immutable: the stages by name, the experiment file and its overrides, the output
 * root and the switches. The Maven goals and the CLI build one and hand it to {@link StageRunner};
 * a child JVM receives the same request as command-line arguments ({@link #toArguments()}, read
 * back by {@link #parse}).
 *
 * @param overrides dotted key path to YAML value text, e.g. {@code data.window=30}
 * @param force run stages even when their outputs are up to date
 * @param proxies the proxies for downloads; not part of the command-line form (a proxy password
 *     must not be visible in the process list): a child JVM gets them as environment variables
 */
public record StageRequest(
    List<String> stages, Path experimentFile, Map<String, String> overrides, Path outputRoot, boolean offline,
    boolean force, Proxies proxies) {

  static final String USAGE = "Usage: VeriRegimeCli <stage>… [--experiment experiment.yaml] [--output target/veriregime] "
      + "[--set key.path=value]… [--offline] [--force]";

  public StageRequest {
    stages = List.copyOf(stages);
    overrides = Map.copyOf(new TreeMap<>(overrides));
  }

  /** The same request for one of its stages. */
  public StageRequest forStage(String stage) {
    return new StageRequest(List.of(stage), experimentFile, overrides, outputRoot, offline, force, proxies);
  }

  /** The command-line form: {@code <stage>… --experiment F --output DIR [--set k=v]… [--offline] [--force]}. */
  public List<String> toArguments() {
    List<String> args = new ArrayList<>(stages);
    args.addAll(List.of("--experiment", experimentFile.toAbsolutePath().toString(),
        "--output", outputRoot.toAbsolutePath().toString()));
    new TreeMap<>(overrides).forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
    if (offline) {
      args.add("--offline");
    }
    if (force) {
      args.add("--force");
    }
    return args;
  }

  /** Reads the command-line form; the proxies come from this process's environment ({@link Proxies#fromEnvironment}). */
  public static StageRequest parse(List<String> args) {
    List<String> stages = new ArrayList<>();
    Path experimentFile = Path.of("experiment.yaml");
    Path output = Path.of("target", "veriregime");
    Map<String, String> overrides = new LinkedHashMap<>();
    boolean offline = false;
    boolean force = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--experiment" -> experimentFile = Path.of(value(args, ++i, arg));
        case "--output" -> output = Path.of(value(args, ++i, arg));
        case "--set" -> {
          String assignment = value(args, ++i, arg);
          int eq = assignment.indexOf('=');
          if (eq <= 0) {
            throw new VeriRegimeException("--set needs key.path=value, got '" + assignment + "'.");
          }
          overrides.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        case "--offline" -> offline = true;
        case "--force" -> force = true;
        default -> {
          if (arg.startsWith("-")) {
            throw new VeriRegimeException("Unknown option " + arg + ". " + usage());
          }
          stages.add(arg);
        }
      }
    }
    if (stages.isEmpty()) {
      throw new VeriRegimeException("Name at least one stage. " + usage());
    }
    return new StageRequest(stages, experimentFile, overrides, output, offline, force,
        Proxies.fromEnvironment(System.getenv()));
  }

  public static String usage() {
    return USAGE + ". Stages: " + String.join(", ", Stages.names()) + ".";
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new VeriRegimeException(option + " needs a value. " + usage());
    }
    return args.get(i);
  }
}
