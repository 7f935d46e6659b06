package io.veriregime.runtime;

/** One step of the pipeline (fetch-data, train-teacher, …), runnable from the CLI or a Mojo. */
public interface Stage {

  /** The goal name, also the CLI command: {@code fetch-data}, {@code train-teacher}, … */
  String name();

  StageResult run(StageContext ctx);
}
