package io.veriregime.runtime.data;

import io.veriregime.runtime.stage.RecordingLog;
import static io.veriregime.runtime.data.DataTestSupport.JAN_2024;
import static io.veriregime.runtime.data.DataTestSupport.DAILY_ZIPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KlineFilesTest {

  /** The first three rows of BTCUSDT-1m-2024-01 exactly as in the archive. */
  private static final List<String> FIRST_ROWS = List.of(
      "1704067200000,42283.58000000,42298.62000000,42261.02000000,42298.61000000,35.92724000,1704067259999,1519031.69451920,1327,23.18766000,980394.71034560,0",
      "1704067260000,42298.62000000,42320.00000000,42298.61000000,42320.00000000,21.16779000,1704067319999,895580.86104560,1348,13.47483000,570080.79421810,0",
      "1704067320000,42319.99000000,42331.54000000,42319.99000000,42325.50000000,21.60391000,1704067379999,914371.13818610,1019,11.21801000,474798.58741140,0");

  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  @Test
  void readsAWholeRealMonthFromGzip() {
    KlineSeries s = KlineFiles.readAll(List.of(JAN_2024), DataTestSupport.failing(), log);

    assertThat(s.size()).isEqualTo(44_640);
    assertThat(s.openTime(0)).isEqualTo(1704067200000L);
    assertThat(s.openTime(s.size() - 1)).isEqualTo(1706745540000L); // 2024-01-31 23:59
    assertThat(s.open(0)).isEqualTo(42283.58);
    assertThat(s.high(0)).isEqualTo(42298.62);
    assertThat(s.low(0)).isEqualTo(42261.02);
    assertThat(s.close(0)).isEqualTo(42298.61);
    assertThat(s.volume(0)).isEqualTo(35.92724);
    assertThat(s.takerBuyVolume(0)).isEqualTo(23.18766);
    for (int i = 1; i < s.size(); i++) {
      assertThat(s.openTime(i) - s.openTime(i - 1)).isEqualTo(60_000L);
    }
    assertThat(log.contains("fetch-data: reading BTCUSDT-1m-2024-01.csv.gz")).isTrue();
    assertThat(log.contains("44,640 klines")).isTrue();
  }

  @Test
  void parsedNumbersEqualTheJdksParsingOfEveryField() throws IOException {
    List<String> lines = lines(JAN_2024).subList(0, 2000);
    KlineSeries s = KlineFiles.readAll(List.of(plain("sample.csv", lines)), DataTestSupport.failing(), log);
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      assertThat(s.openTime(i)).isEqualTo(Long.parseLong(f[0]));
      assertThat(s.open(i)).isEqualTo(Double.parseDouble(f[1]));
      assertThat(s.high(i)).isEqualTo(Double.parseDouble(f[2]));
      assertThat(s.low(i)).isEqualTo(Double.parseDouble(f[3]));
      assertThat(s.close(i)).isEqualTo(Double.parseDouble(f[4]));
      assertThat(s.volume(i)).isEqualTo(Double.parseDouble(f[5]));
      assertThat(s.takerBuyVolume(i)).isEqualTo(Double.parseDouble(f[9]));
    }
  }

  @Test
  void readsTheOriginalDailyZip() {
    KlineSeries s = KlineFiles.readAll(List.of(DAILY_ZIPS.resolve("BTCUSDT-1m-2024-01-01.zip")), DataTestSupport.failing(), log);

    assertThat(s.size()).isEqualTo(1440);
    assertThat(s.close(0)).isEqualTo(42298.61);
  }

  @Test
  void readsMicrosecondTimestampsAsUsedFrom2025AndAHeaderLine() {
    // the archive's 2025+ layout: the same columns with open and close times in microseconds
    List<String> micro = FIRST_ROWS.stream().map(row -> {
      String[] f = row.split(",");
      f[0] = f[0] + "000";
      f[6] = f[6] + "999";
      return String.join(",", f);
    }).toList();
    List<String> withHeader = new java.util.ArrayList<>(List.of(
        "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore"));
    withHeader.addAll(micro);

    KlineSeries s = KlineFiles.readAll(List.of(plain("micro.csv", withHeader)), DataTestSupport.failing(), log);

    assertThat(s.size()).isEqualTo(3);
    assertThat(s.openTime(0)).isEqualTo(1704067200000L);
    assertThat(s.openTime(2)).isEqualTo(1704067320000L);
  }

  @Test
  void crlfLineEndingsAndAMissingFinalNewlineAreFine() throws IOException {
    Path file = dir.resolve("crlf.csv");
    Files.writeString(file, String.join("\r\n", FIRST_ROWS));

    assertThat(KlineFiles.readAll(List.of(file), DataTestSupport.failing(), log).size()).isEqualTo(3);
  }

  @Test
  void aMalformedRowNamesTheFileAndLine() {
    String broken = FIRST_ROWS.get(1).replace("42320.00000000,42298.61000000", "42320.00000000,4229x.61000000");
    Path file = plain("broken.csv", List.of(FIRST_ROWS.get(0), broken, FIRST_ROWS.get(2)));

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(file), DataTestSupport.failing(), log))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(file + ":2: malformed kline row (low is not a decimal number)")
        .hasMessageContaining("Expected 12 comma-separated columns");
  }

  @Test
  void aRowWithTooFewColumnsNamesTheMissingColumn() {
    String shortRow = FIRST_ROWS.get(2).substring(0, FIRST_ROWS.get(2).lastIndexOf(",1019,"));
    Path file = plain("short.csv", List.of(FIRST_ROWS.get(0), FIRST_ROWS.get(1), shortRow));

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(file), DataTestSupport.failing(), log))
        .hasMessageContaining(file + ":3: malformed kline row (only 8 columns, count is missing)");
  }

  @Test
  void anExtraColumnOrAnEmptyFieldIsNamed() {
    Path extra = plain("extra.csv", List.of(FIRST_ROWS.get(0) + ",7"));
    Path empty = plain("empty.csv", List.of(FIRST_ROWS.get(0).replace(",35.92724000,", ",,")));

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(extra), DataTestSupport.failing(), log))
        .hasMessageContaining(extra + ":1: malformed kline row (more than 12 columns)");
    assertThatThrownBy(() -> KlineFiles.readAll(List.of(empty), DataTestSupport.failing(), log))
        .hasMessageContaining(empty + ":1: malformed kline row (volume is missing)");
  }

  @Test
  void rowsOutOfOrderAreRejectedWithTheirLine() {
    Path file = plain("order.csv", List.of(FIRST_ROWS.get(0), FIRST_ROWS.get(2), FIRST_ROWS.get(1)));

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(file), DataTestSupport.failing(), log))
        .hasMessageContaining(file + ":3:")
        .hasMessageContaining("is not after the previous row's 1704067320000");
  }

  @Test
  void overlappingFilesAreRejected() {
    Path a = plain("a.csv", FIRST_ROWS.subList(0, 2));
    Path b = plain("b.csv", FIRST_ROWS.subList(1, 3));

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(a, b), DataTestSupport.failing(), log))
        .hasMessageContaining("overlap or are out of order")
        .hasMessageContaining("b.csv starts at 2024-01-01T00:01:00Z");
  }

  @Test
  void aTruncatedGzipIsReportedAsDamaged() throws IOException {
    byte[] real = Files.readAllBytes(JAN_2024);
    Path file = dir.resolve("BTCUSDT-1m-2024-01.csv.gz");
    Files.write(file, Arrays.copyOf(real, real.length / 2));

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(file), DataTestSupport.failing(), log))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("Kline file " + file + " is damaged")
        .hasMessageContaining("not a complete gzip file; download it again");
  }

  @Test
  void aFileThatIsNotGzipAtAllIsReportedAsDamaged() throws IOException {
    Path file = dir.resolve("plain-text.csv.gz");
    Files.writeString(file, FIRST_ROWS.get(0));

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(file), DataTestSupport.failing(), log))
        .hasMessageContaining("is damaged: Not in GZIP format");
  }

  @Test
  void aGzipBombIsRefusedAtTheLimitNamingTheFile() throws IOException {
    // 64 MiB of empty lines gzip to about 64 KiB; the parser skips empty lines, so without a bound a
    // larger one would be read for as long as it inflates
    Path bomb = dir.resolve("BTCUSDT-1m-2024-02.csv.gz");
    byte[] lines = new byte[1 << 20];
    Arrays.fill(lines, (byte) '\n');
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
      for (int i = 0; i < 64; i++) {
        out.write(lines);
      }
    }
    assertThat(Files.size(bomb)).isLessThan(1 << 20);

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(bomb), DataTestSupport.failing(), log, 8 << 20))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("Kline file " + bomb + " holds more than 8,388,608 bytes of CSV (decompressed)")
        .hasMessageContaining("split it by month");
  }

  @Test
  void theLimitCountsAllEntriesOfAZipTogether() throws IOException {
    Path zip = dir.resolve("days.zip");
    byte[] first = (FIRST_ROWS.get(0) + "\n" + FIRST_ROWS.get(1) + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] second = (FIRST_ROWS.get(2) + "\n").getBytes(StandardCharsets.US_ASCII);
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("a.csv"));
      out.write(first);
      out.putNextEntry(new ZipEntry("b.csv"));
      out.write(second);
    }
    long total = first.length + second.length;

    assertThat(KlineFiles.readAll(List.of(zip), DataTestSupport.failing(), log, total).size()).isEqualTo(3);
    // each entry alone is below this limit; both together are not
    assertThatThrownBy(() -> KlineFiles.readAll(List.of(zip), DataTestSupport.failing(), log, total - 1))
        .hasMessageContaining("Kline file " + zip + " holds more than " + (total - 1) + " bytes");
  }

  @Test
  void aMissingFileSaysSo() {
    Path file = dir.resolve("nope.csv.gz");

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(file), DataTestSupport.failing(), log))
        .hasMessageContaining("Kline file " + file + " does not exist");
  }

  @Test
  void gzipOfTheSameRowsReadsTheSame() throws IOException {
    Path gz = dir.resolve("rows.csv.gz");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write((String.join("\n", FIRST_ROWS) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    Files.write(gz, bytes.toByteArray());

    KlineSeries s = KlineFiles.readAll(List.of(gz), DataTestSupport.failing(), log);
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.close(2)).isEqualTo(42325.50);
  }

  @Test
  void aZipHoldingTheSameDayTwiceIsRejectedNamingBothEntries() throws IOException {
    byte[] day = Files.readAllBytes(plain("day.csv", lines(JAN_2024).subList(0, 1440)));
    Path zip = zip("BTCUSDT-1m-2024-01-01.zip", "BTCUSDT-1m-2024-01-01.csv", day, "copy/BTCUSDT-1m-2024-01-01.csv", day);

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(zip), DataTestSupport.failing(), log))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("Kline files " + zip + "!BTCUSDT-1m-2024-01-01.csv and " + zip
            + "!copy/BTCUSDT-1m-2024-01-01.csv overlap or are out of order")
        .hasMessageContaining("starts at 2024-01-01T00:00:00Z, not after 2024-01-01T23:59:00Z")
        .hasMessageContaining("a zip must hold each day once");
    // the same day as a zip entry and as a file after it
    assertThatThrownBy(() -> KlineFiles.readAll(List.of(zip("one.zip", "a.csv", day), dir.resolve("day.csv")), DataTestSupport.failing(), log))
        .hasMessageContaining("one.zip!a.csv and " + dir.resolve("day.csv") + " overlap");
  }

  @Test
  void anEmptyOrHeaderOnlyFileSaysItHoldsNoKlines() throws IOException {
    Path empty = dir.resolve("empty.csv");
    Files.write(empty, new byte[0]);
    Path header = plain("header.csv", List.of("open_time,open,high,low,close,volume,close_time,quote_volume,count,"
        + "taker_buy_volume,taker_buy_quote_volume,ignore"));
    Path emptyEntry = zip("BTCUSDT-1m-2024-01-01.zip", "BTCUSDT-1m-2024-01-01.csv", new byte[0]);

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(empty), DataTestSupport.failing(), log))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessage(empty + ": holds no klines (it is empty). Expected rows of 12 comma-separated columns as in the "
            + "Binance archive; check that it is the right file, or download it again.");
    assertThatThrownBy(() -> KlineFiles.readAll(List.of(header), DataTestSupport.failing(), log))
        .hasMessageStartingWith(header + ": holds no klines (only 1 header or empty line(s))");
    assertThatThrownBy(() -> KlineFiles.readAll(List.of(emptyEntry), DataTestSupport.failing(), log))
        .hasMessageStartingWith(emptyEntry + "!BTCUSDT-1m-2024-01-01.csv: holds no klines (it is empty)");
  }

  @Test
  void aFileThatIsNotKlinesIsQuotedOnlyInAShortEscapedExcerpt() {
    Path passwd = plain("passwd", List.of("root:x:0:0:root:/root:/bin/bash\u001b[2J and a long tail of text",
        "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin"));
    // a first row with a stray byte in front is an error, not a header to drop
    Path bom = plain("bom.csv", List.of("\uFEFF" + FIRST_ROWS.get(0), FIRST_ROWS.get(1)));

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(passwd), DataTestSupport.failing(), log))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageStartingWith(passwd + ":1: malformed kline row (neither a kline row nor a header line): "
            + "'root:x:0:0:root:/root:/bin/bash\\x1B[2J and ...'. Expected 12");
    assertThatThrownBy(() -> KlineFiles.readAll(List.of(bom), DataTestSupport.failing(), log))
        .hasMessageStartingWith(bom + ":1: malformed kline row (neither a kline row nor a header line): "
            + "'\\xEF\\xBB\\xBF1704067200000,42283.58000000,42298.62...'");
  }

  static List<String> lines(Path gz) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    }
  }

  /** A zip of {@code name, bytes} pairs, in order. */
  private Path zip(String zipName, Object... entries) throws IOException {
    Path file = dir.resolve(zipName);
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < entries.length; i += 2) {
        zip.putNextEntry(new ZipEntry((String) entries[i]));
        zip.write((byte[]) entries[i + 1]);
        zip.closeEntry();
      }
    }
    return file;
  }

  private Path plain(String name, List<String> lines) {
    Path file = dir.resolve(name);
    DataTestSupport.write(file, String.join("\n", lines) + "\n");
    return file;
  }
}
