package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.ComputeConfig;
import io.veriregime.runtime.process.ChildProcess;
import io.veriregime.runtime.process.ChildProtocol;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageManifest;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.StageWorkspace;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a stage in a child JVM ({@link ChildMain}) with the experiment's heap and thread count, and DJL kept offline. libtorch can be loaded only once per JVM and keeps its
 * threads and memory until the JVM exits, so it must never be loaded into Maven's own JVM.
 */
final class ChildJvmRunner {

  /** Stages can take hours on a laptop; a stuck child is still stopped eventually. */
  private static final Duration TIME_LIMIT = Duration.ofHours(12);
  /** Lines of the child's own output kept to explain a failure. */
  private static final int TAIL_LINES = 20;
  /** What the JVM prints when it cannot get the heap it was asked for. */
  private static final List<String> HEAP_REFUSED = List.of(
      "Could not reserve enough space", "Invalid maximum heap size", "Too small maximum heap",
      "Initial heap size set to a larger value");

  private static final String LIBTORCH_NOTICE = "AutoNonVariableTypeMode is deprecated";

  private final List<Path> runtimeClasspath;

  ChildJvmRunner(List<Path> runtimeClasspath) {
    this.runtimeClasspath = List.copyOf(runtimeClasspath);
  }

  StageResult run(String stageName, StageContext ctx, StageRequest request) {
    List<String> command = command(ctx, request);
    ctx.log().debug("child JVM: " + String.join(" ", command));
    ChildProtocol.Reply reply = new ChildProtocol.Reply(TAIL_LINES);
    // the proxies travel as the standard variables (StageRequest.parse reads them back): a proxy
    // password on the command line would be visible to every user of the machine
    Map<String, String> environment = new HashMap<>(ctx.proxies().toEnvironment());
    environment.putAll(OpenMpWaiting.environment(ctx.experiment().config().compute().waitPolicy(), request.sharingBuilds(),
        System.getenv(), OpenMpWaiting::busyCoresNow, ctx.log()));
    ChildProcess.Result result = ChildProcess.run(command, ctx.experiment().baseDir(), environment, TIME_LIMIT,
        reply.stdout(line -> relay(stageName, ctx, line)), reply.stderr(line -> relayError(stageName, ctx, line)));
    if (reply.error().isPresent()) {
      throw new VeriRegimeException(reply.error().get());
    }
    if (result.exitCode() != 0) {
      throw new VeriRegimeException(failure(stageName, ctx, result, reply.tail()));
    }
    // "<upToDate> <directory>", printed last by the child's CLI
    String[] parts = reply.result().orElseThrow(() -> new VeriRegimeException(
        stageName + " ended without reporting its result; run it again.")).split(" ", 2);
    StageWorkspace workspace = StageWorkspace.open(Path.of(parts[1]), stageName, ctx.log(), false);
    StageManifest manifest = workspace.readManifest().orElseThrow(() -> new VeriRegimeException(
        stageName + " finished without writing " + workspace.file(StageWorkspace.MANIFEST) + "; run it again."));
    return new StageResult(stageName, Boolean.parseBoolean(parts[0]), workspace.dir(), manifest);
  }

  /** Says what happened to a child that failed without a message of its own, with its last lines. */
  private static String failure(String stageName, StageContext ctx, ChildProcess.Result result, String tail) {
    ComputeConfig compute = ctx.experiment().config().compute();
    String lastLines = tail.isBlank() ? "" : " Its last output:\n" + tail + "\n";
    if (HEAP_REFUSED.stream().anyMatch(tail::contains)) {
      return stageName + ": the child JVM could not start with compute.heap = " + compute.heap()
          + "; this machine cannot give it that much memory." + lastLines
          + "Lower compute.heap in the experiment (e.g. to 2g).";
    }
    String advice = result.likelyOutOfMemory()
        ? "Give the build more memory, or lower compute.heap or the batch size in the experiment."
        : "If it ran out of heap (java.lang.OutOfMemoryError above), raise compute.heap in the experiment.";
    return stageName + " failed in its child JVM: it " + result.describe() + "." + lastLines + advice;
  }

  private List<String> command(StageContext ctx, StageRequest request) {
    ComputeConfig compute = ctx.experiment().config().compute();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + compute.heap());
    command.add("-Dai.djl.offline=true");
    command.add("-Dveriregime.debug=true"); // the parent decides what to show
    command.add("-Dai.djl.pytorch.num_threads=" + compute.effectiveThreads());
    command.add("-Dai.djl.pytorch.num_interop_threads=1");
    command.add("-cp");
    command.add(runtimeClasspath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    command.add(ChildMain.class.getName());
    command.addAll(request.toArguments());
    return command;
  }

  /**
   * What the child writes to stderr is shown as a warning naming the stage, but for libtorch's
   * notice about its own internals, which the libtorch DJL ships prints on every run and no user
   * can act on.
   */
  private static void relayError(String stageName, StageContext ctx, String line) {
    if (line.contains(LIBTORCH_NOTICE)) {
      ctx.log().debug(stageName + ": " + line);
    } else {
      ctx.log().warn(stageName + ": " + line);
    }
  }

  /**
   * The child logs through {@code StageLog.stdout()}: keep its level when relaying. Its stage's
   * lines name the stage already; anything else it prints (the JVM, libraries) gets the name here.
   */
  private static void relay(String stageName, StageContext ctx, String line) {
    if (line.startsWith("[WARNING] ")) {
      ctx.log().warn(line.substring(10));
    } else if (line.startsWith("[DEBUG] ")) {
      ctx.log().debug(line.substring(8));
    } else if (line.startsWith("[INFO] ")) {
      ctx.log().info(line.substring(7));
    } else {
      ctx.log().debug(stageName + ": " + line);
    }
  }
}
