package io.veriregime.runtime.data;

import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import static io.veriregime.runtime.data.BinanceTestServer.ARCHIVE_DAILY;
import static io.veriregime.runtime.data.BinanceTestServer.ARCHIVE_MONTHLY;
import static io.veriregime.runtime.data.DataTestSupport.DAILY_ZIPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.data.BinanceTestServer.Fault;
import io.veriregime.runtime.experiment.DataConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive source against the real daily zips on a loopback server, with faults. */
class ArchiveSourceTest {

  private static final Path DAY = DAILY_ZIPS.resolve("BTCUSDT-1m-2024-01-01.zip");
  private static final String DAY_SHA256 = "4ec2915e610ab4e9a4d5e86a5ada1c15bbf6b5db343cdb385681d6ac97166a4e";
  private static final String DAY_PATH = ARCHIVE_DAILY + "BTCUSDT-1m-2024-01-01.zip";
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();
  private final BinanceTestServer server = BinanceTestServer.start().archiveDay(DAY)
      .archiveDay(DAILY_ZIPS.resolve("BTCUSDT-1m-2023-03-24.zip"));

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void downloadsTheRealDailyZipVerifiesItAndReusesTheCache() {
    List<Path> files = source("2024-01-01", "2024-01-01", false).acquire();

    assertThat(files).singleElement().satisfies(file -> {
      assertThat(file).isEqualTo(cacheDir().resolve("binance-archive" + DAY_PATH));
      assertThat(Hashing.sha256(file)).isEqualTo(DAY_SHA256);
      assertThat(file.resolveSibling(file.getFileName() + ".CHECKSUM"))
          .hasContent(DAY_SHA256 + "  BTCUSDT-1m-2024-01-01.zip");
    });
    assertThat(source("2024-01-01", "2024-01-01", false).read(files, DataTestSupport.failing(), log).size()).isEqualTo(1440);
    assertThat(log.contains("[1/1, ETA 0 s] BTCUSDT-1m-2024-01-01.zip: downloaded 67.3 KiB in")).isTrue();
    assertThat(server.requests).containsExactly(DAY_PATH + ".CHECKSUM", DAY_PATH);

    List<Path> again = source("2024-01-01", "2024-01-01", false).acquire();
    assertThat(again).isEqualTo(files);
    assertThat(server.requests).hasSize(2); // nothing downloaded the second time
    assertThat(log.contains("BTCUSDT-1m-2024-01-01.zip: cached, sha256 verified")).isTrue();
  }

  @Test
  void offlineUsesTheCacheAndNamesTheMissingFileOtherwise() {
    assertThatThrownBy(() -> source("2024-01-01", "2024-01-01", true).acquire())
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("Offline, and BTCUSDT-1m-2024-01-01.zip is not in the download cache ("
            + cacheDir().resolve("binance-archive" + DAY_PATH) + ")")
        .hasMessageContaining("Run once without --offline")
        .hasMessageContaining(server.baseUrl() + DAY_PATH);
    assertThat(server.requests).isEmpty();

    source("2024-01-01", "2024-01-01", false).acquire();
    assertThat(source("2024-01-01", "2024-01-01", true).acquire()).hasSize(1);
    assertThat(server.requests).hasSize(2);
  }

  @Test
  void aDamagedCacheEntryIsDiscardedAndFetchedAgainNeverUsed() throws IOException {
    Path cached = source("2024-01-01", "2024-01-01", false).acquire().get(0);
    byte[] bytes = Files.readAllBytes(cached);
    bytes[1000] ^= 1;
    Files.write(cached, bytes);

    assertThatThrownBy(() -> source("2024-01-01", "2024-01-01", true).acquire())
        .hasMessageContaining("is not in the download cache");
    assertThat(log.contains("cached " + cached + " is damaged")).isTrue();
    assertThat(cached).doesNotExist();

    Files.write(cached, bytes); // damaged again, without its checksum file this time
    List<Path> files = source("2024-01-01", "2024-01-01", false).acquire();
    assertThat(Hashing.sha256(files.get(0))).isEqualTo(DAY_SHA256);
    assertThat(server.requests).hasSize(4);
  }

  @Test
  void aLongBanOnTheArchiveAdvisesAMirrorNotTheSourceInUse() {
    server.fail(DAY_PATH, Fault.BANNED_FOR_AN_HOUR);

    assertThatThrownBy(() -> source("2024-01-01", "2024-01-01", false).acquire())
        .hasMessageContaining("HTTP 418 (this IP is banned for sending too many requests) and asks to wait 3600 s")
        .hasMessageContaining("point data.archiveUrl at a mirror of the archive")
        .hasMessageNotContaining("use source binance-archive");
  }

  @Test
  void waitsForRetryAfterOn429And418() {
    server.fail(DAY_PATH, Fault.TOO_MANY_REQUESTS, Fault.BANNED);
    long started = System.nanoTime();

    List<Path> files = source("2024-01-01", "2024-01-01", false).acquire();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(Hashing.sha256(files.get(0))).isEqualTo(DAY_SHA256);
    assertThat(log.contains("HTTP 429 (rate limited), Retry-After 1 s, waiting")).isTrue();
    assertThat(log.contains("HTTP 418 (IP banned for too many requests), Retry-After 1 s, waiting")).isTrue();
    assertThat(log.contains("BTCUSDT-1m-2024-01-01.zip: retry 2 of 2")).isTrue();
  }

  @Test
  void retriesServerErrorsTruncatedBodiesStallsAndCorruptDownloads() {
    server.fail(DAY_PATH, Fault.SERVER_ERROR, Fault.TRUNCATED_BODY, Fault.STALL);
    server.fail(ARCHIVE_DAILY + "BTCUSDT-1m-2023-03-24.zip", Fault.CORRUPT_BODY);
    DataConfig config = config("2024-01-01", "2024-01-01", "retries: 3");

    List<Path> files = source(config, false).acquire();

    assertThat(Hashing.sha256(files.get(0))).isEqualTo(DAY_SHA256);
    assertThat(log.contains("HTTP 503 from the server; retry 1 of 3")).isTrue();
    assertThat(log.contains("the connection closed after 34,461 of 68,923 bytes (a truncated download); retry 2 of 3")).isTrue();
    assertThat(log.contains("no data for 500 ms (the connection stalled); retry 3 of 3")).isTrue();

    List<Path> outage = source("2023-03-24", "2023-03-24", false).acquire();
    assertThat(Hashing.sha256(outage.get(0)))
        .isEqualTo("305d0f6cdb8a6cfd8063a7d48c66f14b33727d934857746d549663e94b41312d");
    assertThat(log.contains("does not match its published .CHECKSUM")).isTrue();
  }

  @Test
  void aSlowButMovingDownloadFinishesAndShowsBytesRateAndEta() {
    server.fail(DAY_PATH, Fault.SLOW_BODY);

    List<Path> files = source("2024-01-01", "2024-01-01", false).acquire(); // 1.6 s in all, 0.5 s time-out

    assertThat(Hashing.sha256(files.get(0))).isEqualTo(DAY_SHA256);
    assertThat(log.lines).anyMatch(line -> line.matches(
        "INFO fetch-data: downloading BTCUSDT-1m-2024-01-01\\.zip: [0-9.]+ KiB of 67\\.3 KiB \\(\\d+%\\), "
            + "[0-9.]+ KiB/s, ETA \\d+ s"));
  }

  @Test
  void aStallThatOutlastsTheRetriesIsAClearErrorAndLeavesNothingInTheCache() throws IOException {
    server.fail(DAY_PATH, Fault.STALL, Fault.STALL, Fault.STALL);

    assertThatThrownBy(() -> source("2024-01-01", "2024-01-01", false).acquire())
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("Could not download BTCUSDT-1m-2024-01-01.zip from " + server.baseUrl() + DAY_PATH
            + " after 3 attempt(s): no data for 500 ms (the connection stalled)")
        .hasMessageNotContaining("IOException")
        .hasMessageContaining("raise data.retries or data.timeout");
    assertThat(cacheFiles()).isEmpty();
  }

  @Test
  void aChecksumThatNeverMatchesFailsWithoutCachingTheZip() throws IOException {
    server.file(DAY_PATH + ".CHECKSUM",
        ("0".repeat(64) + "  BTCUSDT-1m-2024-01-01.zip\n").getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> source("2024-01-01", "2024-01-01", false).acquire())
        .hasMessageContaining("after 3 attempt(s): sha256 of the download (" + DAY_SHA256
            + ") does not match its published .CHECKSUM (" + "0".repeat(64) + ")");
    assertThat(cacheFiles()).isEmpty();
  }

  @Test
  void aWholePastMonthComesAsTheMonthlyZip() throws IOException {
    server.archiveFile(ARCHIVE_MONTHLY, "BTCUSDT-1m-2024-01.zip", monthlyZip());

    List<Path> files = source("2024-01-01", "2024-01-31", false).acquire();

    assertThat(files).singleElement().satisfies(f -> assertThat(f.getFileName()).hasToString("BTCUSDT-1m-2024-01.zip"));
    assertThat(source("2024-01-01", "2024-01-31", false).read(files, DataTestSupport.failing(), log).size()).isEqualTo(44_640);
    assertThat(server.requests).containsExactly(ARCHIVE_MONTHLY + "BTCUSDT-1m-2024-01.zip.CHECKSUM",
        ARCHIVE_MONTHLY + "BTCUSDT-1m-2024-01.zip");
  }

  @Test
  void aMonthNotPublishedAsAMonthlyZipFallsBackToDailyFilesAndNamesTheMissingDay() {
    assertThatThrownBy(() -> source("2024-01-01", "2024-01-31", false).acquire())
        .hasMessageContaining(server.baseUrl() + ARCHIVE_DAILY + "BTCUSDT-1m-2024-01-02.zip.CHECKSUM does not exist "
            + "(HTTP 404)")
        .hasMessageContaining("check data.symbol (BTCUSDT) and data.end (2024-01-31)");
    assertThat(server.requests).startsWith(ARCHIVE_MONTHLY + "BTCUSDT-1m-2024-01.zip.CHECKSUM",
        DAY_PATH + ".CHECKSUM", DAY_PATH);
    assertThat(log.contains("BTCUSDT-1m-2024-01.zip is not published (yet); using the daily files")).isTrue();
  }

  @Test
  void anEndlessOrOversizedChecksumFailsAtOnceWithoutFillingTheHeap() throws IOException {
    server.fail(DAY_PATH + ".CHECKSUM", Fault.ENDLESS_BODY);

    assertThatThrownBy(() -> source("2024-01-01", "2024-01-01", false).acquire())
        .isExactlyInstanceOf(VeriRegimeException.class)
        .hasMessage(server.baseUrl() + DAY_PATH + ".CHECKSUM sends more than 1 KiB, far more than "
            + "BTCUSDT-1m-2024-01-01.zip.CHECKSUM can be, so it is not the file asked for. Check the URL "
            + "(data.archiveUrl / data.apiUrl): it must point at Binance or a mirror of it.");
    assertThat(server.requests).hasSize(1);

    // a length declared over the limit is refused before any of the body is read
    server.file(DAY_PATH + ".CHECKSUM", new byte[2048]);
    assertThatThrownBy(() -> source("2024-01-01", "2024-01-01", false).acquire())
        .hasMessageContaining(".CHECKSUM sends more than 1 KiB");
    assertThat(server.requests).hasSize(2);
    assertThat(cacheFiles()).isEmpty();
  }

  /** The real January as Binance's monthly archive packs it: one CSV in a zip. */
  private static byte[] monthlyZip() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("BTCUSDT-1m-2024-01.csv"));
      zip.write(IngestSteps.gunzip(DataTestSupport.JAN_2024));
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }

  private Path cacheDir() {
    return dir.resolve("cache");
  }

  private List<Path> cacheFiles() throws IOException {
    if (!Files.exists(cacheDir())) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(cacheDir())) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private DataConfig config(String start, String end, String extra) {
    return DataTestSupport.experiment(dir, "source: binance-archive\nstart: " + start + "\nend: " + end
        + "\narchiveUrl: " + server.baseUrl() + "\ncacheDir: " + cacheDir() + "\ntimeout: 500ms\n" + extra)
        .config().data();
  }

  private ArchiveSource source(String start, String end, boolean offline) {
    return source(config(start, end, "retries: 2"), offline);
  }

  private ArchiveSource source(DataConfig config, boolean offline) {
    return new ArchiveSource(config, offline, new DownloadCache(config.cacheDir(), log),
        new HttpFetcher(config.timeout(), config.retries(), Duration.ofMillis(50), Proxies.NONE, log), NOW, log);
  }
}
