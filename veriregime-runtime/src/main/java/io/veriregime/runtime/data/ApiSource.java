package io.veriregime.runtime.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.veriregime.runtime.UntrustedText;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.experiment.DataConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Binance REST endpoint {@code GET {apiUrl}/api/v3/klines}, paged by {@code startTime} and
 * {@code limit}. Each page is stored in the download cache as it arrives, named by the start
 * time it was asked for, so an interrupted fetch resumes from the last stored candle: the next
 * run finds the stored pages, follows them and asks the API only from where they end. A page
 * holds closed candles only (the candle still open at fetch time is dropped: its values would
 * still change).
 */
final class ApiSource implements KlineSource {

  /** The most candles Binance returns per request. */
  static final int MAX_PAGE = 1000;
  /** A page of {@link #MAX_PAGE} candles is about 200 KiB of JSON. */
  static final long MAX_PAGE_BYTES = 4 << 20;
  private static final long MINUTE = DataStage.INTERVAL.toMillis();
  /** Binance's names of a kline's columns, for messages. */
  private static final String[] COLUMNS = {"openTime", "open", "high", "low", "close", "volume", "closeTime",
      "quoteVolume", "trades", "takerBuyBaseVolume"};
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataConfig config;
  private final boolean offline;
  private final DownloadCache cache;
  private final HttpFetcher http;
  private final Clock clock;
  private final StageLog log;
  private final int pageSize;

  /** @param pageSize candles per request ({@link #MAX_PAGE} except in tests of paging) */
  ApiSource(DataConfig config, boolean offline, DownloadCache cache, HttpFetcher http, Clock clock, StageLog log,
      int pageSize) {
    this.config = config;
    this.offline = offline;
    this.cache = cache;
    this.http = http;
    this.clock = clock;
    this.log = log;
    this.pageSize = pageSize;
  }

  @Override
  public String name() {
    return "binance-api";
  }

  @Override
  public List<Path> acquire() {
    long start = DataStage.startOfDay(config.start());
    long end = Math.min(DataStage.startOfDay(config.end().plusDays(1)) - 1, clock.millis());
    Progress progress = new Progress(log, "fetch-data: klines from " + config.apiUrl(), Progress.Unit.ROWS,
        (end - start) / MINUTE + 1);
    List<Path> pages = new ArrayList<>();
    long rows = 0;
    long cursor = start;
    while (cursor <= end) {
      String cachePath = "binance-api/" + config.symbol() + "/" + config.interval() + "/" + cursor + ".json";
      Optional<Path> stored = cache.verified(cachePath);
      if (stored.isEmpty() && offline) {
        offlineMiss(cursor, end, cachePath, pages.isEmpty());
        break;
      }
      long from = cursor;
      Page page = stored.map(ApiSource::readPage).orElseGet(() -> fetchPage(from, end));
      ArrayNode candles = page.candles();
      if (candles.isEmpty()) {
        break;
      }
      if (candles.get(0).get(0).asLong() < cursor) {
        throw new VeriRegimeException("The klines API at " + config.apiUrl() + " answered startTime=" + cursor
            + " with candles from " + Instant.ofEpochMilli(candles.get(0).get(0).asLong()) + "; it does not behave "
            + "like Binance's GET /api/v3/klines. Check data.apiUrl.");
      }
      // stored as soon as it arrives, so a later run resumes after this page
      pages.add(stored.orElseGet(() -> cache.store(cachePath, compact(candles))));
      rows += candles.size();
      progress.report(rows);
      cursor = candles.get(candles.size() - 1).get(0).asLong() + MINUTE;
      if (page.reachedOpenCandle()) {
        break;
      }
    }
    progress.finish(rows, pages.size() + " page(s) in " + cache.path("binance-api"));
    return pages;
  }

  /**
   * Closed candles from one request or one stored page.
   *
   * @param reachedOpenCandle the API's answer ended with the candle still forming: nothing newer exists
   */
  private record Page(ArrayNode candles, boolean reachedOpenCandle) {}

  /** Offline, the stored pages are all there is: fine if there are some, an error if none. */
  private void offlineMiss(long cursor, long end, String cachePath, boolean nothingStored) {
    if (nothingStored) {
      throw new VeriRegimeException("Offline, and the klines from " + Instant.ofEpochMilli(cursor)
          + " are not in the download cache (" + cache.path(cachePath) + "). Run once without --offline "
          + "(Maven: without -o) to download them; pages already downloaded are kept and reused.");
    }
    // the range may reach into candles that did not exist when the cache was filled
    log.warn("fetch-data: offline: the download cache holds klines up to " + Instant.ofEpochMilli(cursor - MINUTE)
        + " of the range up to " + Instant.ofEpochMilli(end) + "; using those. Run online to fetch the rest.");
  }

  private static Page readPage(Path file) {
    return new Page(stored(file), false);
  }

  @Override
  public KlineSeries read(List<Path> files, KlineCheck check, StageLog log) {
    KlineSeries.Builder out = new KlineSeries.Builder(files.size() * MAX_PAGE);
    long previous = Long.MIN_VALUE;
    for (Path file : files) {
      int index = 0;
      for (JsonNode c : stored(file)) {
        long openTime = c.get(0).asLong();
        if (openTime <= previous) {
          throw damaged(file, "candle " + Instant.ofEpochMilli(openTime) + " is not after the previous page's last");
        }
        previous = openTime;
        double open = number(c, 1);
        double high = number(c, 2);
        double low = number(c, 3);
        double close = number(c, 4);
        double volume = number(c, 5);
        double takerBuy = number(c, 9);
        // the REST API answers in milliseconds
        if (check.keep(file + ": candle " + index++, UntrustedText.excerpt(c.toString()), openTime, c.get(6).asLong(), 1,
            open, high, low, close, volume, takerBuy)) {
          out.add(openTime, open, high, low, close, volume, takerBuy);
        }
      }
    }
    return out.build();
  }

  private Page fetchPage(long startTime, long endTime) {
    URI uri = URI.create(config.apiUrl().replaceAll("/+$", "") + "/api/v3/klines?symbol=" + config.symbol()
        + "&interval=" + config.interval() + "&startTime=" + startTime + "&endTime=" + endTime + "&limit=" + pageSize);
    // a page with impossible values is the server's fault: retried, and never stored
    HttpFetcher.Response response = http.get(uri, "klines from " + Instant.ofEpochMilli(startTime), MAX_PAGE_BYTES,
        ApiSource::problem);
    if (response.status() / 100 != 2) {
      throw new VeriRegimeException("Binance rejected " + uri + " with HTTP " + response.status() + ": "
          + HttpFetcher.excerpt(response.body())
          + ". Check data.symbol (" + config.symbol() + "), data.start/data.end and data.apiUrl.");
    }
    ArrayNode candles = (ArrayNode) tree(response.body());
    ArrayNode closed = closedOnly(candles);
    return new Page(closed, closed.size() < candles.size());
  }

  /** The candles whose close time has passed; Binance includes the one still forming. */
  private ArrayNode closedOnly(ArrayNode candles) {
    long now = clock.millis();
    ArrayNode closed = JSON.createArrayNode();
    for (JsonNode c : candles) {
      if (c.get(6).asLong() < now) {
        closed.add(c);
      }
    }
    return closed;
  }

  /**
   * Why {@code body} is not a page of Binance klines ({@code [openTime, "open", "high", "low",
   * "close", "volume", closeTime, "quoteVolume", trades, "takerBuyBase", "takerBuyQuote", "0"]}),
   * or empty when it is one: an array of candles in strictly increasing time, with finite positive
   * prices and finite volumes of 0 or more. Anything else (cut short, an error object, another
   * format, NaN, a repeated candle) would otherwise poison the features or the split.
   */
  static Optional<String> problem(byte[] body) {
    JsonNode root = tree(body);
    if (root == null || !root.isArray()) {
      return Optional.of("the response is not a complete klines array");
    }
    long previous = Long.MIN_VALUE;
    for (int k = 0; k < root.size(); k++) {
      JsonNode c = root.get(k);
      if (!c.isArray() || c.size() < 11 || !c.get(0).isIntegralNumber() || !c.get(6).isIntegralNumber()) {
        return Optional.of("element " + k + " of the response is not a Binance kline");
      }
      String candle = "the candle at " + Instant.ofEpochMilli(c.get(0).asLong());
      if (c.get(0).asLong() <= previous) {
        return Optional.of(candle + " does not come after the one before it (repeated or out of order)");
      }
      previous = c.get(0).asLong();
      for (int i : new int[] {1, 2, 3, 4, 5, 9}) {
        boolean price = i <= 4;
        double value = number(c, i);
        if (!(price ? value > 0 : value >= 0) || !Double.isFinite(value)) {
          return Optional.of(candle + " has " + COLUMNS[i] + " '" + UntrustedText.excerpt(c.get(i).asText())
              + "', not " + (price ? "a positive price" : "a volume of 0 or more"));
        }
      }
    }
    return Optional.empty();
  }

  /** The body as JSON, or null when it is not JSON. */
  private static JsonNode tree(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** The candles of a stored page, checked again: one stored before pages were checked may be bad. */
  private static ArrayNode stored(Path file) {
    byte[] body = read(file);
    Optional<String> problem = problem(body);
    if (problem.isPresent()) {
      throw damaged(file, problem.get());
    }
    return (ArrayNode) tree(body);
  }

  /** A column as a number; NaN when it is not one, which every check rejects. */
  private static double number(JsonNode candle, int index) {
    try {
      return Double.parseDouble(candle.get(index).asText());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static byte[] compact(ArrayNode candles) {
    try {
      return JSON.writeValueAsBytes(candles);
    } catch (IOException e) {
      throw new IllegalStateException(e); // serialising a tree to bytes cannot fail
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read " + file + ": " + e.getMessage() + ". Check the cache directory "
          + "(data.cacheDir) is readable.", e);
    }
  }

  private static VeriRegimeException damaged(Path file, String problem) {
    return new VeriRegimeException("Cached API page " + file + " cannot be used: " + problem + ". Delete it "
        + "and run again to download it anew.");
  }
}
