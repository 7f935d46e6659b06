package io.veriregime.runtime.data;

import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import static io.veriregime.runtime.data.BinanceTestServer.KLINES;
import static io.veriregime.runtime.data.DataTestSupport.API_KLINES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.data.BinanceTestServer.Fault;
import io.veriregime.runtime.experiment.DataConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST source against the real recorded {@code /api/v3/klines} response (1,000 candles,
 * 2024-09-04 02:27 to 19:06, the last one still open when it was recorded), replayed at the
 * moment of recording.
 */
class ApiSourceTest {

  /** The recording was made while the 19:06 candle was open. */
  private static final Clock RECORDED = Clock.fixed(Instant.parse("2024-09-04T19:06:30Z"), ZoneOffset.UTC);
  private static final long FIRST_OPEN = Instant.parse("2024-09-04T02:27:00Z").toEpochMilli();
  private static final long LAST_CLOSED_OPEN = Instant.parse("2024-09-04T19:05:00Z").toEpochMilli();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();
  private final BinanceTestServer server = BinanceTestServer.start().klines(API_KLINES.resolve("BTCUSDT_1m.json"));

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void pagesThroughTheRangeStoresEachPageAndDropsTheStillOpenCandle() {
    ApiSource source = source(config(""), false, 300);

    List<Path> pages = source.acquire();
    KlineSeries klines = source.read(pages, DataTestSupport.failing(), log);

    assertThat(klines.size()).isEqualTo(999);
    assertThat(klines.openTime(0)).isEqualTo(FIRST_OPEN);
    assertThat(klines.openTime(998)).isEqualTo(LAST_CLOSED_OPEN);
    assertThat(klines.close(0)).isEqualTo(56642.00); // the first element's "56642.00000000"
    assertThat(klines.takerBuyVolume(0)).isEqualTo(2.24261);
    assertThat(pages).hasSize(4);
    long dayStart = Instant.parse("2024-09-04T00:00:00Z").toEpochMilli();
    long now = RECORDED.millis();
    assertThat(server.requestsTo(KLINES)).containsExactly(
        KLINES + "?symbol=BTCUSDT&interval=1m&startTime=" + dayStart + "&endTime=" + now + "&limit=300",
        KLINES + "?symbol=BTCUSDT&interval=1m&startTime=" + (FIRST_OPEN + 300 * 60_000L) + "&endTime=" + now + "&limit=300",
        KLINES + "?symbol=BTCUSDT&interval=1m&startTime=" + (FIRST_OPEN + 600 * 60_000L) + "&endTime=" + now + "&limit=300",
        KLINES + "?symbol=BTCUSDT&interval=1m&startTime=" + (FIRST_OPEN + 900 * 60_000L) + "&endTime=" + now + "&limit=300");
    assertThat(log.contains("fetch-data: klines from " + server.baseUrl() + ": 300 of 1,147 rows (26%)")).isTrue();
    assertThat(log.contains("ETA")).isTrue();
    assertThat(log.contains(": 999 rows, ")).isTrue();
    assertThat(log.contains("4 page(s)")).isTrue();
    assertThat(log.contains("DEBUG fetch-data: Binance request weight 2 of 6000")).isTrue();
  }

  @Test
  void resumesFromTheLastStoredCandleAfterAnInterruption() {
    server.fail(KLINES, Fault.NONE, Fault.NONE, Fault.SERVER_ERROR, Fault.SERVER_ERROR, Fault.SERVER_ERROR);

    assertThatThrownBy(() -> source(config(""), false, 300).acquire())
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("after 3 attempt(s): HTTP 503 from the server");
    int before = server.requests.size();

    ApiSource source = source(config(""), false, 300);
    KlineSeries klines = source.read(source.acquire(), DataTestSupport.failing(), log);

    List<String> resumed = server.requests.subList(before, server.requests.size());
    assertThat(resumed.get(0)).contains("startTime=" + (FIRST_OPEN + 600 * 60_000L) + "&");
    assertThat(resumed).hasSize(2);
    assertThat(klines.size()).isEqualTo(999);
    assertThat(klines.openTime(998)).isEqualTo(LAST_CLOSED_OPEN);
  }

  @Test
  void backsOffOnRateLimitsAndRetriesServerErrorsTruncatedBodiesAndStalls() {
    server.fail(KLINES, Fault.TOO_MANY_REQUESTS, Fault.SERVER_ERROR, Fault.TRUNCATED_BODY, Fault.STALL);
    long started = System.nanoTime();

    ApiSource source = source(config("retries: 4"), false, ApiSource.MAX_PAGE);
    KlineSeries klines = source.read(source.acquire(), DataTestSupport.failing(), log);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(klines.size()).isEqualTo(999);
    assertThat(log.contains("HTTP 429 (rate limited), Retry-After 1 s, waiting")).isTrue();
    assertThat(log.contains("HTTP 503 from the server; retry 2 of 4")).isTrue();
    assertThat(log.contains("(a truncated download); retry 3 of 4")).isTrue();
    assertThat(log.contains("no data for 500 ms (the connection stalled); retry 4 of 4")).isTrue();
  }

  @Test
  void aBanLongerThanWeMayWaitIsAClearErrorAtOnce() {
    server.fail(KLINES, Fault.BANNED_FOR_AN_HOUR);

    assertThatThrownBy(() -> source(config(""), false, 300).acquire())
        .hasMessageContaining("HTTP 418 (this IP is banned for sending too many requests) and asks to wait 3600 s")
        .hasMessageContaining("use source binance-archive");
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void aHostileErrorBodyIsShownBoundedAndEscaped() {
    server.fail(KLINES, Fault.HOSTILE_ERROR);

    assertThatThrownBy(() -> source(config(""), false, 300).acquire())
        .hasMessageContaining("with HTTP 403: \\x1B[2J\\x1B[31mACCESS DENIED" + "x".repeat(120 - 22) + "...")
        .hasMessageNotContaining("\u001b")
        .hasMessageNotContaining("x".repeat(200));
  }

  @Test
  void anUnknownSymbolReportsBinancesAnswerAndTheKey() {
    assertThatThrownBy(() -> source(config("symbol: BTCUSDX"), false, 300).acquire())
        .hasMessageContaining("with HTTP 400: {\"code\":-1121,\"msg\":\"Invalid symbol.\"}")
        .hasMessageContaining("Check data.symbol (BTCUSDX)");
  }

  @Test
  void offlineReadsTheStoredPagesAndNeedsAtLeastSome() {
    assertThatThrownBy(() -> source(config(""), true, 300).acquire())
        .hasMessageContaining("Offline, and the klines from 2024-09-04T00:00:00Z are not in the download cache")
        .hasMessageContaining("Run once without --offline");
    source(config(""), false, 300).acquire();
    int online = server.requests.size();

    ApiSource offline = source(config(""), true, 300);
    KlineSeries klines = offline.read(offline.acquire(), DataTestSupport.failing(), log);

    assertThat(klines.size()).isEqualTo(999);
    assertThat(server.requests).hasSize(online);
    assertThat(log.contains("offline: the download cache holds klines up to 2024-09-04T19:05:00Z")).isTrue();
  }

  @Test
  void aDamagedStoredPageIsFetchedAgain() throws IOException {
    List<Path> pages = source(config(""), false, 300).acquire();
    Path second = pages.get(1);
    Files.writeString(second, Files.readString(second).replace("\"5", "\"4"));
    int before = server.requests.size();

    List<Path> again = source(config(""), false, 300).acquire();

    assertThat(again).isEqualTo(pages);
    assertThat(log.contains("cached " + second + " is damaged")).isTrue();
    // the damaged page, then the probe for candles after the last stored one
    assertThat(server.requests.subList(before, server.requests.size())).hasSize(2);
    assertThat(source(config(""), false, 300).read(again, DataTestSupport.failing(), log).close(300)).isGreaterThan(50_000);
  }

  @Test
  void pausesUntilTheNextMinuteOnlyNearTheWeightLimit() {
    Instant now = Instant.parse("2024-09-04T12:00:30.500Z");
    assertThat(HttpFetcher.weightPause(5399, now)).isZero();
    assertThat(HttpFetcher.weightPause(5400, now)).isEqualTo(Duration.ofMillis(30_500));
    assertThat(HttpFetcher.weightPause(6000, Instant.parse("2024-09-04T12:00:59.900Z")))
        .isEqualTo(Duration.ofMillis(1_100));
  }

  @Test
  void aPageWithImpossibleValuesOrARepeatedCandleIsRetriedAndNeverStored() throws IOException {
    // candle 5 (02:32) of the recording, changed one way per case
    Map<String, Consumer<ArrayNode>> cases = new LinkedHashMap<>();
    cases.put("has volume 'NaN', not a volume of 0 or more", candles -> ((ArrayNode) candles.get(5)).set(5, "NaN"));
    cases.put("has close 'Infinity', not a positive price", candles -> ((ArrayNode) candles.get(5)).set(4, "Infinity"));
    cases.put("has low '-1.5', not a positive price", candles -> ((ArrayNode) candles.get(5)).set(3, "-1.5"));
    cases.put("does not come after the one before it (repeated or out of order)",
        candles -> candles.insert(6, candles.get(5).deepCopy()));
    for (Map.Entry<String, Consumer<ArrayNode>> change : cases.entrySet()) {
      ArrayNode candles = (ArrayNode) JSON.readTree(API_KLINES.resolve("BTCUSDT_1m.json").toFile());
      change.getValue().accept(candles);
      Path served = dir.resolve("served.json");
      JSON.writeValue(served.toFile(), candles);
      server.klines(served);

      assertThatThrownBy(() -> source(config(""), false, 300).acquire())
          .isExactlyInstanceOf(VeriRegimeException.class)
          .hasMessageContaining("after 3 attempt(s): the candle at 2024-09-04T02:32:00Z " + change.getKey());
      assertThat(dir.resolve("cache")).doesNotExist();
    }
  }

  @Test
  void anEndlessResponseFailsAtOnceInsteadOfFillingTheHeap() {
    server.fail(KLINES, Fault.ENDLESS_BODY);

    assertThatThrownBy(() -> source(config(""), false, 300).acquire())
        .isExactlyInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=")
        .hasMessageContaining("sends more than 4 MiB, far more than klines from 2024-09-04T00:00:00Z can be")
        .hasMessageContaining("Check the URL (data.archiveUrl / data.apiUrl)");
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void aNegativeOrUnreadableRetryAfterWaitsAMinuteInsteadOfFailing() {
    assertThat(HttpFetcher.retryAfter(retryAfter("-5"))).isEqualTo(Duration.ofMinutes(1));
    assertThat(HttpFetcher.retryAfter(retryAfter("soon"))).isEqualTo(Duration.ofMinutes(1));
    assertThat(HttpFetcher.retryAfter(retryAfter(" 3 "))).isEqualTo(Duration.ofSeconds(3));
  }

  private static HttpHeaders retryAfter(String value) {
    return HttpHeaders.of(Map.of("Retry-After", List.of(value)), (name, v) -> true);
  }

  private DataConfig config(String extra) {
    return DataTestSupport.experiment(dir, "source: binance-api\nstart: 2024-09-04\nend: 2024-09-04\napiUrl: "
        + server.baseUrl() + "\ncacheDir: " + dir.resolve("cache") + "\ntimeout: 500ms\n"
        + (extra.startsWith("retries") ? "" : "retries: 2\n") + extra).config().data();
  }

  private ApiSource source(DataConfig config, boolean offline, int pageSize) {
    return new ApiSource(config, offline, new DownloadCache(config.cacheDir(), log),
        new HttpFetcher(config.timeout(), config.retries(), Duration.ofMillis(50), Proxies.NONE, log), RECORDED, log, pageSize);
  }
}
