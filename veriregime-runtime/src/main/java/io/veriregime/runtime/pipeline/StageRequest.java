package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.experiment.InlineExperiment;
import io.veriregime.runtime.layout.StageId;
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
 * @param provingSkipped why proving was skipped on purpose in this build (the switch, e.g. {@code skipTests}),
 *     or null: the report then skips the gates that need proofs and the bundle is built unproven
 * @param inline the experiment the build file declares inline, under the experiment file; null when none
 * @param sharingBuilds how many builds run at once on this machine's cores (Maven's -T over several
 *     experiment modules): {@code compute.threads: 0} then means this build's share of the cores, not all of them
 */
public record StageRequest(
    List<String> stages, Path experimentFile, Map<String, String> overrides, Path outputRoot, boolean offline,
    boolean force, Proxies proxies, String provingSkipped, InlineExperiment inline, int sharingBuilds) {

  static final String USAGE = "Usage: VeriRegimeCli <stage>… [--experiment experiment.yaml] [--output target/veriregime] "
      + "[--set key.path=value]… [--offline] [--force] [--proving-skipped REASON] [--inline-source FILE "
      + "--inline key.path=value…]";

  public StageRequest {
    stages = List.copyOf(stages);
    overrides = Map.copyOf(new TreeMap<>(overrides));
  }

  /** A request of a build that proves (or asks for proofs when it needs them). */
  public StageRequest(List<String> stages, Path experimentFile, Map<String, String> overrides, Path outputRoot,
                      boolean offline, boolean force, Proxies proxies) {
    this(stages, experimentFile, overrides, outputRoot, offline, force, proxies, null, null, 1);
  }

  /** The same request for one of its stages. */
  public StageRequest forStage(String stage) {
    return new StageRequest(List.of(stage), experimentFile, overrides, outputRoot, offline, force, proxies,
        provingSkipped, inline, sharingBuilds);
  }

  /** The same request in a build that skipped proving on purpose ({@code reason}: the switch), or not (null). */
  public StageRequest withProvingSkipped(String reason) {
    return new StageRequest(stages, experimentFile, overrides, outputRoot, offline, force, proxies, reason, inline,
        sharingBuilds);
  }

  /** The same request with an experiment declared inline in the build file (null: none). */
  public StageRequest withInline(InlineExperiment declared) {
    return new StageRequest(stages, experimentFile, overrides, outputRoot, offline, force, proxies, provingSkipped,
        declared, sharingBuilds);
  }

  /** The same request in a build that shares the machine's cores with {@code builds - 1} others running at once. */
  public StageRequest withSharingBuilds(int builds) {
    return new StageRequest(stages, experimentFile, overrides, outputRoot, offline, force, proxies, provingSkipped,
        inline, Math.max(1, builds));
  }

  /** The same request with one more override (over any the request has for that key). */
  StageRequest withOverride(String keyPath, String value) {
    Map<String, String> more = new TreeMap<>(overrides);
    more.put(keyPath, value);
    return new StageRequest(stages, experimentFile, more, outputRoot, offline, force, proxies, provingSkipped, inline,
        sharingBuilds);
  }

  /** The experiment this request runs: the inline one refined by the file, or the file alone, then the overrides. */
  public Experiment loadExperiment() {
    return ExperimentLoader.load(experimentFile, inline, overrides);
  }

  /**
   * The command-line form: {@code <stage>… --experiment F --output DIR [--set k=v]… [--offline] [--force]
   * [--proving-skipped REASON]}.
   */
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
    if (provingSkipped != null) {
      args.addAll(List.of("--proving-skipped", provingSkipped));
    }
    if (inline != null) {
      args.addAll(List.of("--inline-source", inline.source().toString()));
      inline.values().forEach((key, value) -> args.addAll(List.of("--inline", key + "=" + value)));
    }
    return args;
  }

  /** Reads the command-line form; the proxies come from this process's environment ({@link Proxies#fromEnvironment}). */
  public static StageRequest parse(List<String> args) {
    return parse(args, true);
  }

  /**
   * The options alone (no stage), for a command that runs no stage list of its own (the CLI's verify-proof,
   * sweep and contribute, after their own arguments were taken out).
   */
  public static StageRequest parseOptions(List<String> args) {
    return parse(args, false);
  }

  private static StageRequest parse(List<String> args, boolean namesStages) {
    List<String> stages = new ArrayList<>();
    Path experimentFile = Path.of("experiment.yaml");
    Path output = Path.of("target", "veriregime");
    Map<String, String> overrides = new LinkedHashMap<>();
    boolean offline = false;
    boolean force = false;
    String provingSkipped = null;
    Path inlineSource = null;
    Map<String, String> inlineValues = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--experiment" -> experimentFile = Path.of(value(args, ++i, arg));
        case "--output" -> output = Path.of(value(args, ++i, arg));
        case "--set" -> assign(overrides, arg, value(args, ++i, arg));
        case "--inline" -> assign(inlineValues, arg, value(args, ++i, arg));
        case "--inline-source" -> inlineSource = Path.of(value(args, ++i, arg));
        case "--offline" -> offline = true;
        case "--force" -> force = true;
        case "--proving-skipped" -> provingSkipped = value(args, ++i, arg);
        default -> {
          if (arg.startsWith("-")) {
            throw new VeriRegimeException("Unknown option " + arg + ". " + usage());
          }
          if (!namesStages) {
            throw new VeriRegimeException("Unexpected argument '" + arg + "': this command runs no stage. " + usage());
          }
          // refused before anything runs, not when the runner reaches it after the stages before it
          if (StageId.of(arg).isEmpty()) {
            throw new VeriRegimeException("Unknown stage '" + arg + "' (verify-proof, sweep and contribute are commands"
                + " of their own: each is the first argument, with no stage beside it). " + usage());
          }
          stages.add(arg);
        }
      }
    }
    if (namesStages && stages.isEmpty()) {
      throw new VeriRegimeException("Name at least one stage. " + usage());
    }
    if (inlineSource == null && !inlineValues.isEmpty()) {
      throw new VeriRegimeException("--inline needs --inline-source FILE (the file that declares the values). " + usage());
    }
    return new StageRequest(stages, experimentFile, overrides, output, offline, force,
        Proxies.fromEnvironment(System.getenv()), provingSkipped,
        inlineSource == null ? null : new InlineExperiment(inlineSource, inlineValues), 1);
  }

  private static void assign(Map<String, String> values, String option, String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new VeriRegimeException(option + " needs key.path=value, got '" + assignment + "'.");
    }
    values.put(assignment.substring(0, eq), assignment.substring(eq + 1));
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
