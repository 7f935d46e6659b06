package io.veriregime.spark;

import io.veriregime.runtime.execution.JobProgress;
import io.veriregime.runtime.execution.Task;
import io.veriregime.runtime.execution.TaskFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;

/**
 * The job's progress lines from Spark's own events on the driver (a task started, failed or finished
 * on an executor), and the message of each failed attempt, by task. One partition is one task.
 */
final class ProgressListener extends SparkListener {

  private final List<? extends Task<?>> tasks;
  private final JobProgress progress;
  private final int maxAttempts;
  private final Map<Integer, List<String>> failures = new ConcurrentHashMap<>();

  ProgressListener(List<? extends Task<?>> tasks, JobProgress progress, int maxAttempts) {
    this.tasks = tasks;
    this.progress = progress;
    this.maxAttempts = maxAttempts;
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart start) {
    TaskInfo info = start.taskInfo();
    progress.started(tasks.get(info.index()), attempt(info));
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    TaskInfo info = end.taskInfo();
    TaskEndReason reason = end.reason();
    if (reason == Success$.MODULE$) {
      progress.finished(tasks.get(info.index()), info.duration() / 1e3);
      return;
    }
    String message = reason instanceof ExceptionFailure failure ? failure.description() : reason.toString();
    failures.computeIfAbsent(info.index(), index -> new ArrayList<>()).add(message);
    progress.failed(tasks.get(info.index()), attempt(info), maxAttempts, message);
  }

  /** The messages of the failed attempts of task {@code index} the driver has heard of so far. */
  List<String> failures(int index) {
    return List.copyOf(failures.getOrDefault(index, List.of()));
  }

  private static TaskFunction.Attempt attempt(TaskInfo info) {
    return new TaskFunction.Attempt(info.attemptNumber() + 1, "executor " + info.executorId());
  }
}
