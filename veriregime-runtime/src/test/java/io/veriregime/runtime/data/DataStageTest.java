package io.veriregime.runtime.data;

import io.veriregime.runtime.stage.RecordingLog;
import static io.veriregime.runtime.data.DataTestSupport.JAN_2024;
import static io.veriregime.runtime.data.DataTestSupport.MAR_2023;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetch-data stage end to end on real months: the on-disk contract, dataset.json, skipping. */
class DataStageTest {

  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  @Test
  void writesTheTensorsAndDatasetJsonOfTheContract() {
    Experiment experiment = DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-03", "");
    StageResult result = new DataStage().run(DataTestSupport.context(experiment, dir.resolve("out"), true, log));

    Path data = dir.resolve("out/data");
    assertThat(result.upToDate()).isFalse();
    assertThat(result.directory()).isEqualTo(data);
    JsonNode json = JsonFiles.readTree(data.resolve("dataset.json"));
    assertThat(json.path("source").asText()).isEqualTo("csv");
    assertThat(json.path("symbol").asText()).isEqualTo("BTCUSDT");
    assertThat(json.path("range").path("first").asText()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(json.path("range").path("last").asText()).isEqualTo("2024-01-03T23:59:00Z");
    assertThat(json.path("rows").asInt()).isEqualTo(4320);
    assertThat(json.path("gaps").path("count").asInt()).isZero();
    assertThat(json.path("gaps").path("policy").asText()).isEqualTo("drop-windows");
    assertThat(json.path("features").toString()).isEqualTo("[\"log-return\",\"high-low-range\",\"close-open\","
        + "\"log-volume\",\"ema-ratio\",\"rsi\",\"macd-histogram\",\"taker-buy-ratio\"]");
    assertThat(json.path("normalisation").path("mean").size()).isEqualTo(8);
    assertThat(json.path("normalisation").path("std").size()).isEqualTo(8);
    assertThat(json.path("window").asInt()).isEqualTo(60);
    assertThat(json.path("horizon").asInt()).isEqualTo(5);
    assertThat(json.path("threshold").asDouble()).isEqualTo(0.001);
    assertThat(json.path("inputs").path("BTCUSDT-1m-2024-01.csv.gz").asText())
        .isEqualTo("b5f38124989ed0e48f2a7af00a1dc97417bb9208e662b77900da25caf9bf0c39");
    assertThat(json.path("config").path("gapPolicy").asText()).isEqualTo("drop-windows");

    for (String split : new String[] {"train", "validation", "test"}) {
      Npy.FloatArray features = Npy.readFloat(data.resolve(split + ".features.npy"));
      Npy.IntArray labels = Npy.readInt(data.resolve(split + ".labels.npy"));
      JsonNode described = json.path("splits").path(split);
      int windows = described.path("windows").asInt();
      assertThat(features.shape()).containsExactly(windows, 60, 8);
      assertThat(labels.shape()).containsExactly(windows);
      assertThat(Arrays.stream(labels.data()).allMatch(label -> label >= 0 && label <= 2)).isTrue();
      JsonNode balance = described.path("classBalance");
      assertThat(balance.path("SELL").asInt() + balance.path("HOLD").asInt() + balance.path("BUY").asInt())
          .isEqualTo(windows);
      assertThat(balance.path("SELL").asInt())
          .isEqualTo((int) Arrays.stream(labels.data()).filter(label -> label == 0).count());
      for (float v : features.data()) {
        assertThat(Float.isFinite(v)).isTrue();
      }
      assertThat(json.path("outputs").path(split + ".features.npy").asText()).hasSize(64);
    }
    assertThat(json.path("splits").path("train").path("lastLabelCandle").asText())
        .isLessThan(json.path("splits").path("validation").path("firstCandle").asText());
    assertThat(Files.exists(data.resolve(StageWorkspace.MANIFEST))).isTrue();
    assertThat(result.manifest().metrics()).containsEntry("rows", 4320);
    assertThat(log.contains("fetch-data: 4,320 klines ->")).isTrue();
  }

  @Test
  void saysUpToDateWhenNothingChangedAndRunsAgainWhenTheConfigOrAnOutputChanges() throws IOException {
    Experiment experiment = DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-02", "");
    Path out = dir.resolve("out");
    new DataStage().run(DataTestSupport.context(experiment, out, true, log));

    StageResult again = new DataStage().run(DataTestSupport.context(experiment, out, true, log));
    assertThat(again.upToDate()).isTrue();
    assertThat(log.contains("fetch-data: up to date, skipping")).isTrue();

    Experiment changed = DataTestSupport.experiment(dir, "source: csv\nfiles: [" + JAN_2024.toAbsolutePath()
        + "]\nstart: 2024-01-01\nend: 2024-01-02\n", Map.of("data.threshold", "0.002"));
    assertThat(new DataStage().run(DataTestSupport.context(changed, out, true, log)).upToDate()).isFalse();

    Files.write(out.resolve("data/test.labels.npy"), new byte[] {1, 2, 3});
    assertThat(new DataStage().run(DataTestSupport.context(changed, out, true, log)).upToDate()).isFalse();
    assertThat(Npy.readInt(out.resolve("data/test.labels.npy")).shape()).hasSize(1);
  }

  @Test
  void movingTheInputOrChangingTimeOutsKeepsTheDatasetUpToDate() throws IOException {
    Path out = dir.resolve("out");
    Experiment original = DataTestSupport.csv(dir, JAN_2024, "2024-01-01", "2024-01-02", "");
    new DataStage().run(DataTestSupport.context(original, out, true, log));
    Path moved = dir.resolve("elsewhere/BTCUSDT-1m-2024-01.csv.gz");
    Files.createDirectories(moved.getParent());
    Files.copy(JAN_2024, moved);

    Experiment relocated = DataTestSupport.csv(dir, moved, "2024-01-01", "2024-01-02", "timeout: 5s\nretries: 1");

    assertThat(new DataStage().run(DataTestSupport.context(relocated, out, true, log)).upToDate()).isTrue();
  }

  @Test
  void recordsTheRealOutageInDatasetJson() {
    Experiment experiment = DataTestSupport.csv(dir, MAR_2023, "2023-03-24", "2023-03-25", "");
    new DataStage().run(DataTestSupport.context(experiment, dir.resolve("out"), true, log));

    JsonNode gaps = JsonFiles.readTree(dir.resolve("out/data/dataset.json")).path("gaps");
    assertThat(gaps.path("count").asInt()).isEqualTo(1);
    assertThat(gaps.path("missingMinutes").asInt()).isEqualTo(80);
    assertThat(gaps.path("policy").asText()).isEqualTo("drop-windows");
    assertThat(gaps.path("ranges").get(0).path("firstMissing").asText()).isEqualTo("2023-03-24T12:40:00Z");
    assertThat(gaps.path("ranges").get(0).path("lastMissing").asText()).isEqualTo("2023-03-24T13:59:00Z");
    assertThat(log.contains("WARN fetch-data: 1 gap(s), 80 missing minute(s)")).isTrue();
  }

  @Test
  void fetchesTheOutageDayFromTheArchiveAndIsUpToDateOfflineAfterwards() {
    try (BinanceTestServer server = BinanceTestServer.start()
        .archiveDay(DataTestSupport.DAILY_ZIPS.resolve("BTCUSDT-1m-2023-03-24.zip"))) {
      Experiment experiment = DataTestSupport.experiment(dir, "source: binance-archive\nstart: 2023-03-24\n"
          + "end: 2023-03-24\narchiveUrl: " + server.baseUrl() + "\ncacheDir: " + dir.resolve("cache") + "\n");
      Path out = dir.resolve("out");
      assertThat(new DataStage().run(DataTestSupport.context(experiment, out, false, log)).upToDate()).isFalse();

      JsonNode json = JsonFiles.readTree(out.resolve("data/dataset.json"));
      assertThat(json.path("source").asText()).isEqualTo("binance-archive");
      assertThat(json.path("rows").asInt()).isEqualTo(1360);
      assertThat(json.path("gaps").path("missingMinutes").asInt()).isEqualTo(80);
      assertThat(json.path("inputs").path("BTCUSDT-1m-2023-03-24.zip").asText())
          .isEqualTo("305d0f6cdb8a6cfd8063a7d48c66f14b33727d934857746d549663e94b41312d");
      int requests = server.requests.size();

      assertThat(new DataStage().run(DataTestSupport.context(experiment, out, true, log)).upToDate()).isTrue();
      assertThat(server.requests).hasSize(requests);
    }
  }

  @Test
  void fetchesFromTheRestApiWithoutTheStillOpenCandle() {
    try (BinanceTestServer server = BinanceTestServer.start()
        .klines(DataTestSupport.API_KLINES.resolve("BTCUSDT_1m.json"))) {
      Experiment experiment = DataTestSupport.experiment(dir, "source: binance-api\nstart: 2024-09-04\n"
          + "end: 2024-09-04\napiUrl: " + server.baseUrl() + "\ncacheDir: " + dir.resolve("cache") + "\n");
      Clock recorded = Clock.fixed(Instant.parse("2024-09-04T19:06:30Z"), ZoneOffset.UTC);

      new DataStage(recorded, Duration.ofMillis(50)).run(DataTestSupport.context(experiment, dir.resolve("out"), false, log));

      JsonNode json = JsonFiles.readTree(dir.resolve("out/data/dataset.json"));
      assertThat(json.path("source").asText()).isEqualTo("binance-api");
      assertThat(json.path("rows").asInt()).isEqualTo(999);
      assertThat(json.path("range").path("first").asText()).isEqualTo("2024-09-04T02:27:00Z");
      assertThat(json.path("range").path("last").asText()).isEqualTo("2024-09-04T19:05:00Z");
      assertThat(json.path("splits").path("test").path("windows").asInt()).isPositive();
    }
  }

  @Test
  void aKlineFileRemovedAfterLoadingIsReportedAgainstDataFiles() throws IOException {
    Path copy = dir.resolve("BTCUSDT-1m-2024-01.csv.gz");
    Files.copy(JAN_2024, copy);
    Experiment experiment = DataTestSupport.experiment(dir, "source: csv\nfiles: [BTCUSDT-1m-2024-01.csv.gz]\n");
    Files.delete(copy);

    assertThatThrownBy(() -> new DataStage().run(DataTestSupport.context(experiment, dir.resolve("out"), true, log)))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("data.files")
        .hasMessageContaining(copy + " does not exist");
  }

  @Test
  void aDirectoryOrALoopOfLinksInDataFilesIsNamedForWhatItIs() throws IOException {
    Files.createDirectories(dir.resolve("klines"));
    Files.createSymbolicLink(dir.resolve("loop-a.csv"), dir.resolve("loop-b.csv"));
    Files.createSymbolicLink(dir.resolve("loop-b.csv"), dir.resolve("loop-a.csv"));

    assertThatThrownBy(() -> DataTestSupport.experiment(dir, "source: csv\nfiles: [klines]\n"))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("data.files[0]: file " + dir.resolve("klines") + " is a directory, not a file");
    assertThatThrownBy(() -> DataTestSupport.experiment(dir, "source: csv\nfiles: [loop-a.csv]\n"))
        .hasMessageContaining("data.files[0]: file " + dir.resolve("loop-a.csv") + " is a link that leads to no file"
            + " (a dangling link, or a loop of links)");
  }

  @Test
  void aZeroPriceIsNamedWithItsCandleInsteadOfPoisoningTheTensors() throws IOException {
    // two real days with one candle's prices zeroed, as a damaged export might have it (a close alone
    // zeroed leaves [low, high] and is refused earlier by KlineCheck: KlineCheckTest)
    List<String> rows = KlineFilesTest.lines(JAN_2024).subList(0, 2880);
    List<String> damaged = new java.util.ArrayList<>(rows);
    String[] f = damaged.get(1500).split(",");
    for (int price = 1; price <= 4; price++) {
      f[price] = "0.00000000";
    }
    damaged.set(1500, String.join(",", f));
    Path file = dir.resolve("damaged.csv");
    Files.write(file, damaged);
    Experiment experiment = DataTestSupport.experiment(dir, "source: csv\nfiles: [damaged.csv]\n");

    assertThatThrownBy(() -> new DataStage().run(DataTestSupport.context(experiment, dir.resolve("out"), true, log)))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("feature of the candle at 2024-01-02T01:00:00Z is")
        .hasMessageContaining("close 0.0")
        .hasMessageContaining("impossible price");
    assertThat(dir.resolve("out/data/" + StageWorkspace.MANIFEST)).doesNotExist();
  }

  @Test
  void underTheDropPolicyAKlineThatCannotBeRealIsCountedInDatasetJson() throws IOException {
    List<String> rows = new java.util.ArrayList<>(KlineFilesTest.lines(JAN_2024).subList(0, 2880));
    String[] f = rows.get(1500).split(",");
    f[9] = "1000"; // taker-buy volume above the volume
    rows.set(1500, String.join(",", f));
    Path file = dir.resolve("taker.csv");
    Files.write(file, rows);
    Experiment failing = DataTestSupport.experiment(dir, "source: csv\nfiles: [taker.csv]\n");
    Experiment dropping = DataTestSupport.experiment(dir, "source: csv\nfiles: [taker.csv]\ninvalidRows: drop\n");

    assertThatThrownBy(() -> new DataStage().run(DataTestSupport.context(failing, dir.resolve("out"), true, log)))
        .hasMessageStartingWith(file + ":1501: this kline cannot be real: taker_buy_volume 1000.0 is above volume");
    new DataStage().run(DataTestSupport.context(dropping, dir.resolve("out"), true, log));

    DatasetSummary summary = DatasetSummary.read(dir.resolve("out/data/dataset.json"));
    assertThat(summary.rows()).isEqualTo(2879);
    assertThat(summary.invalidRows()).isEqualTo(new DatasetSummary.InvalidRows("drop", 1,
        file + ":1501: taker_buy_volume 1000.0 is above volume " + Double.parseDouble(f[5])));
  }

  @Test
  void aRangeOutsideTheFilesIsReportedAgainstStart() {
    Experiment experiment = DataTestSupport.csv(dir, JAN_2024, "2024-03-01", "2024-03-02", "");

    assertThatThrownBy(() -> new DataStage().run(DataTestSupport.context(experiment, dir.resolve("out"), true, log)))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("data.start")
        .hasMessageContaining("no klines fall in the selected range 2024-03-01 to 2024-03-02; the input covers "
            + "2024-01-01T00:00:00Z to 2024-01-31T23:59:00Z");
  }
}
