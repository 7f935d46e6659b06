package io.veriregime.runtime.stage;

import java.util.Optional;

import io.veriregime.runtime.experiment.ExperimentConfig;

/** One step of the pipeline (fetch-data, train-teacher, …), run by the pipeline's StageRunner. */
public interface Stage {

  /** Where a stage must run. */
  enum Isolation {
    /** Plain Java: runs in the caller's JVM (Maven's, the CLI's). */
    IN_PROCESS,
    /**
     * Loads libtorch through DJL, which can be loaded once per JVM and keeps native threads and
     * memory until the JVM exits: never in Maven's JVM, always in a JVM of its own.
     */
    CHILD_JVM
  }

  /** The goal name, also the CLI command: {@code fetch-data}, {@code train-teacher}, … */
  String name();

  default Isolation isolation() {
    return Isolation.IN_PROCESS;
  }

  /**
   * Every configuration value this stage's outputs depend on, hashed into its fingerprint: whole
   * sections, less only keys that cannot change the outputs. What earlier stages produced reaches
   * the fingerprint through their outputs' hashes, not through their configuration.
   */
  Object configuration(ExperimentConfig config);

  /**
   * The previous result when the stage's outputs can be reused as they are, checked as {@link #run}
   * checks them ({@link StageWorkspace#reuse}) but without running or clearing anything: a runner
   * asks a {@code CHILD_JVM} stage this first, in its own JVM, and starts no child JVM for a stage
   * that is up to date. Empty when it must run (the default: a stage that never runs in a child JVM).
   */
  default Optional<StageResult> reusable(StageContext ctx) {
    return Optional.empty();
  }

  /** Does the stage's work in this JVM; the runner has already chosen the JVM by {@link #isolation()}. */
  StageResult run(StageContext ctx);
}
