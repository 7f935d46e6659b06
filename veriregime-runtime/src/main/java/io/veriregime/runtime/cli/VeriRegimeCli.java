package io.veriregime.runtime.cli;

import io.veriregime.runtime.Stage;
import io.veriregime.runtime.StageContext;
import io.veriregime.runtime.StageResult;
import io.veriregime.runtime.Stages;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.artifact.StageLog;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs stages without Maven, and is what {@code ChildJvm} starts:
 *
 * <pre>
 * java -cp veriregime-runtime.jar:… io.veriregime.runtime.cli.VeriRegimeCli &lt;stage&gt;… \
 *     [--experiment experiment.yaml] [--output target/veriregime] [--set key.path=value]… [--offline]
 * </pre>
 *
 * A user-facing failure is printed as one line {@code veriregime-error: <message>} on stderr and
 * ends the process with status 2.
 */
public final class VeriRegimeCli {

  public static final String ERROR_PREFIX = "veriregime-error: ";
  public static final String RESULT_PREFIX = "veriregime-result: ";
  public static final String IN_CHILD = "--in-child";
  static final int USER_ERROR = 2;

  private VeriRegimeCli() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (VeriRegimeException e) {
      System.out.flush();
      System.err.println(ERROR_PREFIX + e.getMessage().replace('\n', ' '));
      System.exit(USER_ERROR);
    }
  }

  /** The arguments that make a child JVM run {@code stage} exactly as the parent would. */
  public static List<String> arguments(String stage, StageContext ctx) {
    List<String> args = new ArrayList<>(List.of(stage,
        "--experiment", ctx.experiment().file().toString(),
        "--output", ctx.outputRoot().toAbsolutePath().toString()));
    ctx.experiment().overrides().forEach((key, value) -> args.addAll(List.of("--set", key + "=" + value)));
    if (ctx.offline()) {
      args.add("--offline");
    }
    return args;
  }

  static void run(String[] args) {
    List<String> stages = new ArrayList<>();
    Path experimentFile = Path.of("experiment.yaml");
    Path output = Path.of("target", "veriregime");
    Map<String, String> overrides = new LinkedHashMap<>();
    boolean offline = false;
    boolean inChild = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--experiment" -> experimentFile = Path.of(value(args, ++i, "--experiment"));
        case "--output" -> output = Path.of(value(args, ++i, "--output"));
        case "--set" -> {
          String assignment = value(args, ++i, "--set");
          int eq = assignment.indexOf('=');
          if (eq <= 0) {
            throw new VeriRegimeException("--set needs key.path=value, got '" + assignment + "'.");
          }
          overrides.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        case "--offline" -> offline = true;
        case IN_CHILD -> inChild = true;
        case "--help", "-h" -> {
          System.out.println(usage());
          return;
        }
        default -> {
          if (args[i].startsWith("-")) {
            throw new VeriRegimeException("Unknown option " + args[i] + ". " + usage());
          }
          stages.add(args[i]);
        }
      }
    }
    if (stages.isEmpty()) {
      throw new VeriRegimeException("Name at least one stage. " + usage());
    }
    Experiment experiment = ExperimentLoader.load(experimentFile, overrides);
    experiment.writeEffectiveConfig(output);
    // the CLI's own JVM may load native engines: nothing else lives in it
    StageContext ctx = new StageContext(experiment, output, offline, true, classpath(), StageLog.stdout());
    for (String name : stages) {
      Stage stage = Stages.byName(name);
      StageResult result = stage.run(ctx);
      if (inChild) {
        System.out.println(RESULT_PREFIX + result.upToDate() + " " + result.directory().toAbsolutePath());
      }
    }
  }

  private static List<Path> classpath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new VeriRegimeException(option + " needs a value. " + usage());
    }
    return args[i];
  }

  private static String usage() {
    return "Usage: VeriRegimeCli <stage>… [--experiment experiment.yaml] [--output target/veriregime] "
        + "[--set key.path=value]… [--offline]. Stages: "
        + String.join(", ", Stages.all().stream().map(Stage::name).toList()) + ".";
  }
}
