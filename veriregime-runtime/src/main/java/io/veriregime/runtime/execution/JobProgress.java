package io.veriregime.runtime.execution;

import io.veriregime.runtime.stage.StageLog;
import java.util.Locale;

/**
 * A line per task started, retried or finished, with the tasks done and an ETA from the mean time of
 * the finished ones over the tasks running at once. Shared by every engine, so a build says the
 * same things wherever its tasks run.
 */
public final class JobProgress {

  private final StageLog log;
  private final String job;
  private final int total;
  private final int atOnce;
  private final long started = System.nanoTime();
  private int done;
  private double taskSeconds;

  public JobProgress(StageLog log, String job, int total, int atOnce) {
    this.log = log;
    this.job = job;
    this.total = total;
    this.atOnce = Math.max(1, Math.min(atOnce, total));
  }

  public synchronized void started(Task<?> task, TaskFunction.Attempt attempt) {
    log.info(String.format(Locale.ROOT, "%s: %s started%s on %s", job, task.id(),
        attempt.number() == 1 ? "" : " again (attempt " + attempt.number() + ")", attempt.executor()));
  }

  public synchronized void failed(Task<?> task, TaskFunction.Attempt attempt, int maxAttempts, String message) {
    log.warn(String.format(Locale.ROOT, "%s: %s (%s) failed on attempt %d of %d on %s: %s", job, task.id(),
        task.description(), attempt.number(), maxAttempts, attempt.executor(), message));
  }

  public synchronized void finished(Task<?> task, double seconds) {
    done++;
    taskSeconds += seconds;
    double left = taskSeconds / done * Math.ceil((double) (total - done) / atOnce);
    log.info(String.format(Locale.ROOT, "%s: %s finished in %.1f s; %d/%d done in %.0f s%s", job, task.id(), seconds,
        done, total, (System.nanoTime() - started) / 1e9, done == total ? "" : ", about " + duration(left) + " left"));
  }

  static String duration(double seconds) {
    long whole = Math.round(seconds);
    return whole < 60 ? whole + " s" : whole < 3600 ? String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60)
        : String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole % 3600 / 60);
  }
}
