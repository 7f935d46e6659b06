package io.veriregime.runtime.process;

import io.veriregime.runtime.StageContext;
import io.veriregime.runtime.StageResult;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.artifact.StageManifest;
import io.veriregime.runtime.artifact.StageWorkspace;
import io.veriregime.runtime.cli.VeriRegimeCli;
import io.veriregime.runtime.experiment.ComputeConfig;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Runs a stage in a child JVM: the CLI with {@code --in-child}, the experiment's heap and thread
 * count, and DJL kept offline. libtorch can be loaded only once per JVM and keeps its threads and
 * memory until the JVM exits, so it must never be loaded into Maven's own JVM.
 */
public final class ChildJvm {

  /** Stages can take hours on a laptop; a stuck child is still stopped eventually. */
  private static final Duration TIME_LIMIT = Duration.ofHours(12);

  private ChildJvm() {}

  public static StageResult runStage(StageContext ctx, String stageName) {
    List<String> command = command(ctx, stageName);
    ctx.log().debug("child JVM: " + String.join(" ", command));
    AtomicReference<String> error = new AtomicReference<>();
    AtomicReference<String> outcome = new AtomicReference<>();
    ChildProcess.Result result = ChildProcess.run(command, ctx.experiment().baseDir(), Map.of(), TIME_LIMIT,
        line -> {
          if (line.startsWith(VeriRegimeCli.RESULT_PREFIX)) {
            outcome.set(line.substring(VeriRegimeCli.RESULT_PREFIX.length()));
          } else {
            relay(ctx, line);
          }
        },
        line -> {
          if (line.startsWith(VeriRegimeCli.ERROR_PREFIX)) {
            error.set(line.substring(VeriRegimeCli.ERROR_PREFIX.length()));
          } else {
            ctx.log().warn(line);
          }
        });
    if (error.get() != null) {
      throw new VeriRegimeException(error.get());
    }
    if (result.exitCode() != 0) {
      throw new VeriRegimeException(stageName + " failed in its child JVM (exit status " + result.exitCode()
          + (result.timedOut() ? ", stopped after " + TIME_LIMIT.toHours() + " h" : "")
          + "). Its output is above; if it ran out of memory, raise compute.heap in the experiment.");
    }
    if (outcome.get() == null) {
      throw new VeriRegimeException(stageName + " ended without reporting its result; run it again.");
    }
    // "<upToDate> <directory>", printed last by the child's CLI
    String[] parts = outcome.get().split(" ", 2);
    StageWorkspace workspace = StageWorkspace.open(Path.of(parts[1]), stageName, ctx.log());
    StageManifest manifest = workspace.readManifest().orElseThrow(() -> new VeriRegimeException(
        stageName + " finished without writing " + workspace.file(StageWorkspace.MANIFEST) + "; run it again."));
    return new StageResult(stageName, Boolean.parseBoolean(parts[0]), workspace.dir(), manifest);
  }

  private static List<String> command(StageContext ctx, String stageName) {
    ComputeConfig compute = ctx.experiment().config().compute();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + compute.heap());
    command.add("-Dai.djl.offline=true");
    command.add("-Dveriregime.debug=true"); // the parent decides what to show
    command.add("-Dai.djl.pytorch.num_threads=" + compute.effectiveThreads());
    command.add("-Dai.djl.pytorch.num_interop_threads=1");
    command.add("-cp");
    command.add(ctx.runtimeClasspath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    command.add(VeriRegimeCli.class.getName());
    command.addAll(VeriRegimeCli.arguments(stageName, ctx));
    command.add(VeriRegimeCli.IN_CHILD);
    return command;
  }

  /** The child logs through {@code StageLog.stdout()}: keep its level when relaying. */
  private static void relay(StageContext ctx, String line) {
    if (line.startsWith("[WARNING] ")) {
      ctx.log().warn(line.substring(10));
    } else if (line.startsWith("[DEBUG] ")) {
      ctx.log().debug(line.substring(8));
    } else if (line.startsWith("[INFO] ")) {
      ctx.log().info(line.substring(7));
    } else {
      ctx.log().debug(line);
    }
  }
}
