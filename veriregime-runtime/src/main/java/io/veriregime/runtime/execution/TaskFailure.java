package io.veriregime.runtime.execution;

import io.veriregime.runtime.VeriRegimeException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A job whose tasks failed on every attempt: the message names each of them, what it covered and why. */
public final class TaskFailure extends VeriRegimeException {

  private final List<String> failedTaskIds;

  /** @param lastErrors per failed task, its description and last attempt's message */
  public TaskFailure(String job, int attempts, Map<Task<?>, String> lastErrors) {
    super(job + ": " + lastErrors.size() + " task(s) failed on all of their " + attempts + " attempt(s): "
        + lastErrors.entrySet().stream().map(failed -> failed.getKey().id() + " (" + failed.getKey().description()
            + "): " + failed.getValue()).collect(Collectors.joining("; "))
        + ". Fix the cause above and run the build again (completed work is kept only when the whole job succeeds);"
        + " raise cluster.maxAttempts for failures that come and go.");
    this.failedTaskIds = lastErrors.keySet().stream().map(Task::id).toList();
  }

  public List<String> failedTaskIds() {
    return failedTaskIds;
  }
}
