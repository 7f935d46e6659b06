package io.veriregime.runtime.execution;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.stage.StageLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code cluster.engine: local}: the tasks run on threads of this JVM, as many at once as the job
 * planned (capped by cluster.parallelism), each starting the child processes its work needs (which
 * {@code process.ChildProcess} ends with the build). Nothing is serialized: the function's
 * serializability matters only to a cluster engine.
 */
final class LocalEngine implements TaskEngine {

  private final int parallelismCap;
  private final int maxAttempts;
  private final StageLog log;

  /** @param parallelismCap cluster.parallelism: 0 for no cap */
  LocalEngine(int parallelismCap, int maxAttempts, StageLog log) {
    this.parallelismCap = parallelismCap;
    this.maxAttempts = maxAttempts;
    this.log = log;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public int executors(int planned, int tasks) {
    int atOnce = parallelismCap == 0 ? planned : Math.min(parallelismCap, planned);
    return Math.max(1, Math.min(atOnce, tasks));
  }

  @Override
  public <T, R> List<TaskOutcome<R>> run(Job<T, R> job) {
    int threads = executors(job.parallelism(), job.tasks().size());
    JobProgress progress = new JobProgress(log, job.name(), job.tasks().size(), threads);
    AtomicInteger executorIds = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, "veriregime-task-" + executorIds.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    CompletionService<Attempted<R>> completion = new ExecutorCompletionService<>(pool);
    Map<Future<Attempted<R>>, Integer> indexOf = new LinkedHashMap<>();
    try {
      for (int i = 0; i < job.tasks().size(); i++) {
        Task<T> task = job.tasks().get(i);
        indexOf.put(completion.submit(() -> attempt(job, task, progress)), i);
      }
      List<TaskOutcome<R>> outcomes = new ArrayList<>(Collections.nCopies(job.tasks().size(), null));
      Map<Task<?>, String> failed = new LinkedHashMap<>();
      for (int left = job.tasks().size(); left > 0 && failed.isEmpty(); left--) {
        Future<Attempted<R>> next = completion.take();
        Attempted<R> attempted = next.get();
        Task<T> task = job.tasks().get(indexOf.get(next));
        if (attempted.outcome() != null) {
          outcomes.set(indexOf.get(next), attempted.outcome());
        } else {
          failed.put(task, attempted.lastError());
        }
      }
      if (!failed.isEmpty()) {
        throw new TaskFailure(job.name(), maxAttempts, failed);
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VeriRegimeException(job.name() + ": interrupted while its tasks ran", e);
    } catch (ExecutionException e) {
      // attempt() catches every failure of the work; only an Error (out of memory) gets here
      throw new VeriRegimeException(job.name() + ": a task ended with " + e.getCause(), e.getCause());
    } finally {
      // a task still running after a failure for good is interrupted: its child processes end with it
      pool.shutdownNow();
    }
  }

  /** The task tried up to maxAttempts times on this thread: its outcome, or the last attempt's error. */
  private <T, R> Attempted<R> attempt(Job<T, R> job, Task<T> task, JobProgress progress) {
    List<String> failures = new ArrayList<>();
    for (int number = 1; number <= maxAttempts; number++) {
      TaskFunction.Attempt attempt = new TaskFunction.Attempt(number, Thread.currentThread().getName());
      progress.started(task, attempt);
      long started = System.nanoTime();
      try {
        R result = job.function().apply(task.input(), attempt);
        double seconds = (System.nanoTime() - started) / 1e9;
        progress.finished(task, seconds);
        return new Attempted<>(new TaskOutcome<>(task.id(), result, number, seconds, attempt.executor(), failures), null);
      } catch (RuntimeException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        failures.add(message);
        progress.failed(task, attempt, maxAttempts, message);
        if (Thread.currentThread().isInterrupted()) {
          break;
        }
      }
    }
    return new Attempted<>(null, failures.get(failures.size() - 1));
  }

  @Override
  public void close() {
    // the threads of each job are gone when its run returns
  }

  private record Attempted<R>(TaskOutcome<R> outcome, String lastError) {}
}
