package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.execution.Engines;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageLock;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.StageWorkspace;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs the stages of a {@link StageRequest}: loads the experiment once, then runs each stage in
 * this JVM or, when the stage's {@link Stage.Isolation} asks for it and this JVM must stay free of
 * native engines (Maven's), in a child JVM. The Maven goals and the CLI call only this.
 */
public final class StageRunner {

  /** Present when stages that load libtorch must go to a child JVM started with this classpath. */
  private final Optional<ChildJvmRunner> childJvm;
  private final StageLog log;

  private StageRunner(Optional<ChildJvmRunner> childJvm, StageLog log) {
    this.childJvm = childJvm;
    this.log = log;
  }

  /**
   * For a long-lived JVM that must never load libtorch (Maven's, an IDE's): {@code CHILD_JVM}
   * stages run in a child JVM on {@code runtimeClasspath}.
   */
  public static StageRunner withChildJvms(List<Path> runtimeClasspath, StageLog log) {
    return new StageRunner(Optional.of(new ChildJvmRunner(runtimeClasspath)), log);
  }

  /** For a JVM that exists to run stages (the CLI, the child JVM itself, tests): every stage runs here. */
  public static StageRunner inThisJvm(StageLog log) {
    return new StageRunner(Optional.empty(), log);
  }

  public List<StageResult> run(StageRequest asked) {
    requireDirectory(asked.outputRoot());
    StageRequest request = shareCores(asked);
    Experiment experiment = request.loadExperiment();
    experiment.writeEffectiveConfig(request.outputRoot());
    if (request.stages().contains(StageId.ZK_PROVE.goal())) {
      // zk-prove's shares are what goes to a cluster's executors: a directory they cannot see stops the
      // build now, not after the training before it
      Engines.requireShared(experiment, request.outputRoot(), StageId.ZK_PROVE.goal());
    }
    StageContext ctx = new StageContext(experiment,
        Layout.at(request.outputRoot()).withOptimizedStudent(!experiment.config().optimize().skip()), request.offline(), request.proxies(),
        request.force(), log, request.provingSkipped());
    List<StageResult> results = new ArrayList<>();
    for (String name : request.stages()) {
      Stage stage = Stages.byName(name);
      if (stage.isolation() == Stage.Isolation.CHILD_JVM && childJvm.isPresent()) {
        // a child JVM costs seconds of CPU to start; an up-to-date stage needs none
        Optional<StageResult> reused = ctx.force() ? Optional.empty() : reusableHere(stage, ctx);
        results.add(reused.orElseGet(() -> {
          log.info(name + ": running in a child JVM of its own (libtorch)");
          return childJvm.get().run(stage.name(), ctx, request.forStage(name));
        }));
      } else {
        results.add(runHere(stage, ctx));
      }
    }
    return results;
  }

  /**
   * {@code compute.threads: 0} is every core for a build alone on the machine; when several builds run at
   * once (Maven's -T over experiment modules) it is this build's share, so two modules do not each start
   * every core's worth of libtorch and prover threads. The share becomes an override, which a child JVM
   * receives too; no stage's outputs depend on the thread count.
   */
  private StageRequest shareCores(StageRequest request) {
    if (request.sharingBuilds() <= 1 || request.loadExperiment().config().compute().threads() != 0) {
      return request;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int share = Math.max(1, cores / request.sharingBuilds());
    log.info("compute.threads 0 is this build's share of the " + cores + " cores: " + share + " thread"
        + (share == 1 ? "" : "s") + " (" + request.sharingBuilds() + " builds run at once)");
    return request.withOverride("compute.threads", String.valueOf(share));
  }

  /**
   * Runs a stage in this JVM, owning its outputs for the whole run ({@link StageLock}). An I/O
   * failure that a stage let through unchecked still ends as one message naming the stage, not as a
   * stack trace.
   */
  static StageResult runHere(Stage stage, StageContext ctx) {
    return underLock(stage, ctx, () -> stage.run(ctx));
  }

  private static <T> T underLock(Stage stage, StageContext ctx, Supplier<T> work) {
    try (StageLock lock = StageLock.acquire(ctx.layout().root(), stage.name())) {
      return work.get();
    } catch (UncheckedIOException e) {
      throw new VeriRegimeException(stage.name() + ": could not read or write a file: " + e.getCause().getMessage()
          + ". Check that the disk has space and the build directory is writable, then run the build again.", e);
    }
  }

  /**
   * {@link Stage#reusable} under the stage's lock, so no other build is writing the outputs it
   * checks. What the check finds on the way (inputs changed, an output altered) goes to debug: the
   * child JVM that then runs the stage finds and reports it again.
   */
  private Optional<StageResult> reusableHere(Stage stage, StageContext ctx) {
    StageContext quiet = new StageContext(ctx.experiment(), ctx.layout(), ctx.offline(), ctx.proxies(), ctx.force(),
        ctx.log().debugOnly(), ctx.provingSkipped());
    Optional<StageResult> reused = underLock(stage, ctx, () -> stage.reusable(quiet));
    reused.ifPresent(result -> log.info(StageWorkspace.skipping(stage.name(), result.directory())));
    return reused;
  }

  /**
   * The output root, or the nearest of its parents that exists, must be a directory: a file there
   * would otherwise surface as a failed write deep in a stage, with advice about permissions.
   */
  private static void requireDirectory(Path outputRoot) {
    Path existing = outputRoot.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      throw new VeriRegimeException("The output directory " + outputRoot + (existing.equals(outputRoot.toAbsolutePath())
          ? " is a file" : " cannot be made: " + existing + " is a file") + ". Point veriregime.outputDirectory (the"
          + " CLI's --output) at a directory, or move the file away.");
    }
  }
}
