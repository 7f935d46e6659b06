package io.veriregime.runtime.data;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.experiment.DataConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Binance public data archive ({@code data.archiveUrl}, https://data.binance.vision):
 * {@code data/spot/monthly/klines/<SYMBOL>/1m/<SYMBOL>-1m-YYYY-MM.zip} for every whole past month
 * in the range and {@code data/spot/daily/...-YYYY-MM-DD.zip} for the rest (and for a month whose
 * monthly file is not published yet). Each zip is checked against the sha256 in the
 * {@code .CHECKSUM} file published beside it before it enters the cache.
 */
final class ArchiveSource implements KlineSource {

  /** A .CHECKSUM is one line of about 100 bytes. */
  static final long MAX_CHECKSUM_BYTES = 1 << 10;
  /** A month of 1m klines zips to a few MiB; the margin covers any symbol's busiest month. */
  static final long MAX_ZIP_BYTES = 256 << 20;

  private final DataConfig config;
  private final boolean offline;
  private final DownloadCache cache;
  private final HttpFetcher http;
  private final Clock clock;
  private final StageLog log;

  ArchiveSource(DataConfig config, boolean offline, DownloadCache cache, HttpFetcher http, Clock clock, StageLog log) {
    this.config = config;
    this.offline = offline;
    this.cache = cache;
    this.http = http;
    this.clock = clock;
    this.log = log;
  }

  @Override
  public String name() {
    return "binance-archive";
  }

  @Override
  public List<Path> acquire() {
    List<Period> plan = plan();
    int total = plan.stream().mapToInt(p -> p.monthly().isPresent() ? 1 : p.days().size()).sum();
    Tally tally = new Tally(total);
    List<Path> files = new ArrayList<>();
    for (Period period : plan) {
      Optional<Path> monthly = period.monthly().flatMap(path -> fetch(path, true, tally));
      if (monthly.isPresent()) {
        files.add(monthly.get());
        continue;
      }
      if (period.monthly().isPresent()) {
        tally.total += period.days().size() - 1; // the month comes as daily files after all
      }
      for (String day : period.days()) {
        files.add(fetch(day, false, tally).orElseThrow());
      }
    }
    return files;
  }

  /** A calendar month of the range: its monthly file if it is a whole past month, and its days. */
  private record Period(Optional<String> monthly, List<String> days) {}

  private List<Period> plan() {
    List<Period> plan = new ArrayList<>();
    YearMonth thisMonth = YearMonth.now(clock);
    for (YearMonth month = YearMonth.from(config.start()); !month.isAfter(YearMonth.from(config.end()));
        month = month.plusMonths(1)) {
      LocalDate from = max(config.start(), month.atDay(1));
      LocalDate to = min(config.end(), month.atEndOfMonth());
      boolean wholePastMonth = from.equals(month.atDay(1)) && to.equals(month.atEndOfMonth())
          && month.isBefore(thisMonth);
      List<String> days = new ArrayList<>();
      for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
        days.add(path("daily", day.toString()));
      }
      plan.add(new Period(wholePastMonth ? Optional.of(path("monthly", month.toString())) : Optional.empty(), days));
    }
    return plan;
  }

  /** Files done so far, for "[3/31] ... ETA" log lines. */
  private static final class Tally {
    private final long started = System.nanoTime();
    private int total;
    private int done;

    Tally(int total) {
      this.total = total;
    }

    String next() {
      done++;
      double perFile = (System.nanoTime() - started) / 1e9 / done;
      return String.format(Locale.ROOT, "[%d/%d, ETA %.0f s] ", done, total, perFile * (total - done));
    }
  }

  /** The archive path of one file, which is also its path in the cache. */
  private String path(String period, String date) {
    String symbol = config.symbol();
    return "data/spot/" + period + "/klines/" + symbol + "/" + config.interval() + "/" + symbol + "-"
        + config.interval() + "-" + date + ".zip";
  }

  /**
   * The verified local copy of an archive file, downloading it (and its checksum) when the cache
   * lacks it; empty only for an {@code optional} file the archive does not have (404).
   */
  private Optional<Path> fetch(String archivePath, boolean optional, Tally tally) {
    String cachePath = "binance-archive/" + archivePath;
    Optional<Path> cached = cache.verified(cachePath);
    if (cached.isPresent()) {
      log.info("fetch-data: " + tally.next() + cached.get().getFileName() + ": cached, sha256 verified");
      return cached;
    }
    String name = archivePath.substring(archivePath.lastIndexOf('/') + 1);
    if (offline) {
      if (optional) {
        return Optional.empty();
      }
      throw new VeriRegimeException("Offline, and " + name + " is not in the download cache (" + cache.path(cachePath)
          + "). Run once without --offline (Maven: without -o) to download it, or copy it and its .CHECKSUM from "
          + url(archivePath) + " into " + cache.path(cachePath).getParent() + ".");
    }
    Optional<String> expected = publishedChecksum(archivePath, name);
    if (expected.isEmpty() && optional) {
      log.info("fetch-data: " + name + " is not published (yet); using the daily files of that month");
      return Optional.empty();
    }
    if (expected.isEmpty()) {
      throw notFound(url(archivePath + DownloadCache.CHECKSUM_SUFFIX));
    }
    return Optional.of(download(archivePath, cachePath, name, expected.get(), tally));
  }

  /** The sha256 Binance publishes beside a file; empty when the archive has no such file. */
  private Optional<String> publishedChecksum(String archivePath, String name) {
    URI uri = url(archivePath + DownloadCache.CHECKSUM_SUFFIX);
    HttpFetcher.Response response = http.get(uri, name + DownloadCache.CHECKSUM_SUFFIX, MAX_CHECKSUM_BYTES,
        body -> DownloadCache.parseChecksum(new String(body, StandardCharsets.US_ASCII), name).isPresent()
            ? Optional.empty() : Optional.of("the .CHECKSUM file is not '<sha256>  " + name + "'"));
    if (response.status() == 404) {
      return Optional.empty();
    }
    requireOk(response, uri);
    return DownloadCache.parseChecksum(new String(response.body(), StandardCharsets.US_ASCII), name);
  }

  /** Downloads a file until its sha256 is the published one (or the retries run out), then caches it. */
  private Path download(String archivePath, String cachePath, String name, String expected, Tally tally) {
    URI uri = url(archivePath);
    long started = System.nanoTime();
    HttpFetcher.Response zip = http.get(uri, name, MAX_ZIP_BYTES, body -> {
      String actual = Hashing.sha256(body);
      return actual.equals(expected) ? Optional.empty()
          : Optional.of("sha256 of the download (" + actual + ") does not match its published .CHECKSUM ("
              + expected + ")");
    });
    requireOk(zip, uri);
    Path stored = cache.store(cachePath, zip.body());
    double seconds = (System.nanoTime() - started) / 1e9;
    log.info(String.format(Locale.ROOT, "fetch-data: %s%s: downloaded %.1f KiB in %.2f s (%.1f KiB/s), sha256 verified",
        tally.next(), name, zip.body().length / 1024.0, seconds, zip.body().length / 1024.0 / Math.max(seconds, 1e-6)));
    return stored;
  }

  private void requireOk(HttpFetcher.Response response, URI uri) {
    if (response.status() == 404) {
      throw notFound(uri);
    }
    if (response.status() / 100 != 2) {
      throw new VeriRegimeException(uri + " answered HTTP " + response.status() + ": "
          + HttpFetcher.excerpt(response.body())
          + ". Check data.archiveUrl (" + config.archiveUrl() + ").");
    }
  }

  private VeriRegimeException notFound(URI uri) {
    return new VeriRegimeException(uri + " does not exist (HTTP 404). Binance publishes a day's file on the next "
        + "day and only for symbols it lists: check data.symbol (" + config.symbol() + ") and data.end ("
        + config.end() + "), and data.archiveUrl (" + config.archiveUrl() + ").");
  }

  private URI url(String archivePath) {
    String base = config.archiveUrl().endsWith("/") ? config.archiveUrl() : config.archiveUrl() + "/";
    return URI.create(base + archivePath);
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }
}
