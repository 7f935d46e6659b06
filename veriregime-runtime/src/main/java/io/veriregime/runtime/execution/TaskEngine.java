package io.veriregime.runtime.execution;

import java.util.List;

/**
 * Where a build's fanned-out work runs: proof shares, sweep variants. One job at a time; the
 * results come back in task order whatever order the tasks ran in. A task is tried up to
 * cluster.maxAttempts times; one that fails every time fails the job with a {@link TaskFailure}
 * naming it, and nothing of the job is returned.
 */
public interface TaskEngine extends AutoCloseable {

  /** {@code local}, {@code spark}: for logs and the records that say where work ran. */
  String name();

  /**
   * How many of {@code tasks} tasks run at once (threads here, executors on a cluster), for a job that
   * planned {@code planned} at once on this machine ({@link Job#parallelism()}).
   */
  int executors(int planned, int tasks);

  <T, R> List<TaskOutcome<R>> run(Job<T, R> job);

  /** Stops what the engine started (a Spark context); the local engine holds nothing between jobs. */
  @Override
  void close();
}
