package io.veriregime.runtime.execution;

import java.io.Serializable;

/**
 * The work of one task. Serializable because a cluster engine ships it to an executor: a remote
 * engine needs everything it captures, its input and its result to be serializable too, and it
 * must read and write only files every executor sees (cluster.workDir).
 *
 * @param <T> the task's input
 * @param <R> its result, handed back to the driver in task order
 */
@FunctionalInterface
public interface TaskFunction<T, R> extends Serializable {

  /** Runs one attempt; a runtime exception fails the attempt, and the engine tries again while attempts are left. */
  R apply(T input, Attempt attempt);

  /**
   * One try of a task.
   *
   * @param number 1 for the first try
   * @param executor where it runs, as the engine names it (a thread here, a Spark executor id there)
   */
  record Attempt(int number, String executor) implements Serializable {}
}
