package io.veriregime.runtime.execution;

import java.util.List;

/**
 * Tasks to run with one function, their results wanted in task order.
 *
 * @param name for progress lines and failures, e.g. {@code zk-prove: student proofs}
 * @param parallelism how many of these tasks this machine can run at once (what the job planned, e.g.
 *     zk.provers' processes); the local engine runs at most that many, capped by cluster.parallelism,
 *     a cluster engine runs as many as it has executors
 */
public record Job<T, R>(String name, List<Task<T>> tasks, TaskFunction<T, R> function, int parallelism) {

  public Job {
    tasks = List.copyOf(tasks);
    if (parallelism < 1) {
      throw new IllegalArgumentException("a job runs at least one task at once, got " + parallelism);
    }
    if (tasks.stream().map(Task::id).distinct().count() != tasks.size()) {
      throw new IllegalArgumentException("task ids must be unique in " + name);
    }
  }
}
