package io.veriregime.runtime.process;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reports every {@code interval}, with the time elapsed, that a quiet child is still running, so a
 * step that prints nothing for minutes (EZKL's setup or prove on a big circuit, a pip download) is
 * not mistaken for a hung build. Closing it stops the reports; no report follows {@link #close()}.
 *
 * <pre>
 * try (Heartbeat ignored = Heartbeat.every(interval, elapsed -&gt; log.info("still running, " + elapsed.toSeconds() + " s"))) {
 *   ChildProcess.run(…);
 * }
 * </pre>
 */
public final class Heartbeat implements AutoCloseable {

  private final ScheduledExecutorService timer;

  private Heartbeat(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  public static Heartbeat every(Duration interval, Consumer<Duration> report) {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "veriregime-heartbeat");
      thread.setDaemon(true); // never keeps a JVM alive
      return thread;
    });
    long start = System.nanoTime();
    timer.scheduleAtFixedRate(() -> report.accept(Duration.ofNanos(System.nanoTime() - start)),
        interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    return new Heartbeat(timer);
  }

  /** Stops the reports and waits for one in progress, so none is logged after the step's own result. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
