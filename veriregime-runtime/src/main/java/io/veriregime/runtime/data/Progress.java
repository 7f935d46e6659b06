package io.veriregime.runtime.data;

import io.veriregime.runtime.stage.StageLog;
import java.util.Locale;

/**
 * Progress of one long step (a download, a file being parsed) as log lines with amount done,
 * rate and ETA, at most one line per second plus a final line, so fast steps print once and slow
 * ones show they are moving.
 */
final class Progress {

  enum Unit { BYTES, ROWS }

  private static final long REPORT_EVERY_NANOS = 1_000_000_000L;

  private final StageLog log;
  private final String what;
  private final Unit unit;
  private final long startNanos = System.nanoTime();
  private long total;
  private long lastReportNanos = startNanos;

  /** @param total expected amount, or a negative number when unknown (no percentage or ETA then) */
  Progress(StageLog log, String what, Unit unit, long total) {
    this.log = log;
    this.what = what;
    this.unit = unit;
    this.total = total;
  }

  /** Updates the expected total once it is known (e.g. from a Content-Length header). */
  void total(long expected) {
    this.total = expected;
  }

  /** Reports {@code done} if a second has passed since the last line. */
  void update(long done) {
    long now = System.nanoTime();
    if (now - lastReportNanos >= REPORT_EVERY_NANOS) {
      lastReportNanos = now;
      log.info(line(done, now, false));
    }
  }

  /** Reports {@code done} now, for steps that are coarse anyway (one line per downloaded page). */
  void report(long done) {
    lastReportNanos = System.nanoTime();
    log.info(line(done, lastReportNanos, false));
  }

  /** Reports the final amount and the overall rate, plus {@code result} (e.g. "1,440 klines"). */
  void finish(long done, String result) {
    log.info(line(done, System.nanoTime(), true) + (result.isEmpty() ? "" : ": " + result));
  }

  private String line(long done, long now, boolean finished) {
    double seconds = Math.max(now - startNanos, 1) / 1e9;
    double rate = done / seconds;
    boolean ofTotal = total > 0 && !finished;
    StringBuilder s = new StringBuilder(what).append(": ").append(ofTotal ? number(done) : amount(done));
    if (ofTotal) {
      s.append(" of ").append(amount(total))
          .append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * done / total));
    }
    s.append(", ").append(amount((long) rate)).append("/s");
    if (finished) {
      s.append(String.format(Locale.ROOT, ", done in %.2f s", seconds));
    } else if (total > 0 && rate > 0) {
      s.append(String.format(Locale.ROOT, ", ETA %.0f s", Math.max(total - done, 0) / rate));
    }
    return s.toString();
  }

  /** Rows bare ("300 of 1,147 rows"), bytes with their unit ("512.0 KiB of 2.0 MiB"). */
  private String number(long n) {
    return unit == Unit.ROWS ? String.format(Locale.ROOT, "%,d", n) : amount(n);
  }

  private String amount(long n) {
    if (unit == Unit.ROWS) {
      return String.format(Locale.ROOT, "%,d rows", n);
    }
    if (n >= 1 << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0);
    }
    return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
  }
}
