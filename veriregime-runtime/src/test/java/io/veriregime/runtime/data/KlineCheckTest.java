package io.veriregime.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.InvalidRowPolicy;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.testdata.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Klines that cannot be real, each made from one real row of the example's month (in the repository)
 * as the issue tried them, stop the read naming the file, the line and the rule, or are dropped and
 * counted under {@code data.invalidRows: drop}; a truncated close time (as in the 2023-03-24 outage) and
 * microsecond times (2025+) pass. Before issue 24 every one of them was accepted without a word.
 */
class KlineCheckTest {

  private static final Path EXAMPLE_MONTH = TestData.JANUARY_2024;
  /** The fourth row is the one altered: line 4 of the file. */
  private static final int ALTERED = 3;

  @TempDir
  Path dir;
  final RecordingLog log = new RecordingLog();

  @Test
  void eachRuleNamesTheFileTheLineAndTheRule() throws IOException {
    assertBroken(f -> {
      f[2] = f[3];
      f[3] = "99999";
    }, "is below low 99999.0");
    assertBroken(f -> f[4] = "99999", "close 99999.0 is outside [low, high]");
    assertBroken(f -> f[1] = "1", "open 1.0 is outside [low, high]");
    assertBroken(f -> f[6] = Long.toString(Long.parseLong(f[0]) - 1), "is before open_time");
    assertBroken(f -> f[6] = Long.toString(Long.parseLong(f[0]) + 60_000), "is more than 59999 ms after open_time");
    assertBroken(f -> f[9] = "1000", "taker_buy_volume 1000.0 is above volume");
  }

  @Test
  void pricesAndVolumesAreFiniteAndBelowTheirCeilings() throws IOException {
    // a volume of 1e300 (and a high of 1e13) parse as numbers and keep every ordering rule
    assertBroken(f -> f[5] = "1" + "0".repeat(300), "volume 1.0E300 is above 1.0E15");
    assertBroken(f -> f[5] = "9".repeat(400), "volume Infinity is above 1.0E15");
    assertBroken(f -> f[2] = "1" + "0".repeat(13), "high 1.0E13 is above 1.0E12, more than any price");
    // the API source reads numbers as text: one that is negative or not a number breaks a rule too
    KlineCheck check = DataTestSupport.failing();
    assertThatThrownBy(() -> check.keep("page 1: candle 2", "row", 0, 59_999, 1, -1, 1, -1, 1, 1, 0))
        .hasMessageStartingWith("page 1: candle 2: this kline cannot be real: low -1.0 is negative or not a number");
    assertThatThrownBy(() -> check.keep("page 1: candle 2", "row", 0, 59_999, 1, 1, 1, 1, 1, Double.NaN, 0))
        .hasMessageContaining("a volume is negative or not a number (volume NaN");
    // the ceilings themselves are plausible values
    assertThat(check.keep("w", "row", 0, 59_999, 1, 1e12, 1e12, 1e12, 1e12, 1e15, 1e15)).isTrue();
  }

  @Test
  void timesShiftedOffTheMinuteGridAreRefused() throws IOException {
    // every timestamp 30 s late, as tried: each row keeps its order and its close time
    Path shifted = file("shifted.csv", rows -> rows.stream().map(row -> {
      String[] f = row.split(",");
      f[0] = Long.toString(Long.parseLong(f[0]) + 30_000);
      f[6] = Long.toString(Long.parseLong(f[6]) + 30_000);
      return String.join(",", f);
    }).toList());

    assertThatThrownBy(() -> KlineFiles.readAll(List.of(shifted), DataTestSupport.failing(), log))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageStartingWith(shifted + ":1: this kline cannot be real: open_time 1704067230000 is 30000 ms off the"
            + " minute grid");
  }

  @Test
  void aTruncatedCloseTimeAndMicrosecondTimesAreReal() throws IOException {
    Path truncated = file("outage.csv", rows -> altered(rows, f -> f[6] = Long.toString(Long.parseLong(f[0]) + 17_345)));
    Path micro = file("micro.csv", rows -> rows.stream().map(row -> {
      String[] f = row.split(",");
      f[0] = f[0] + "000";
      f[6] = f[6] + "999";
      return String.join(",", f);
    }).toList());

    assertThat(KlineFiles.readAll(List.of(truncated), DataTestSupport.failing(), log).size()).isEqualTo(1440);
    assertThat(KlineFiles.readAll(List.of(micro), DataTestSupport.failing(), log).size()).isEqualTo(1440);
    List<String> microRows = rows(micro);
    Path microLate = file("micro-late.csv", rows -> altered(microRows, f -> f[6] = Long.toString(Long.parseLong(f[0]) + 60_000_000)));
    assertThatThrownBy(() -> KlineFiles.readAll(List.of(microLate), DataTestSupport.failing(), log))
        .hasMessageContaining("is more than 59999999 µs after open_time");
  }

  @Test
  void underTheDropPolicyTheRowIsDroppedAndCounted() throws IOException {
    Path broken = file("broken.csv", rows -> altered(rows, f -> f[4] = "99999"));
    KlineCheck drop = new KlineCheck(InvalidRowPolicy.DROP);

    KlineSeries series = KlineFiles.readAll(List.of(broken), drop, log);

    assertThat(series.size()).isEqualTo(1439);
    assertThat(drop.dropped()).isEqualTo(1);
    String[] row = rows(broken).get(ALTERED).split(",");
    assertThat(drop.firstDropped()).isEqualTo(broken + ":4: close 99999.0 is outside [low, high] = ["
        + Double.parseDouble(row[3]) + ", " + Double.parseDouble(row[2]) + "]");
  }

  private void assertBroken(Consumer<String[]> alter, String rule) throws IOException {
    Path broken = file("broken-" + rule.hashCode() + ".csv", rows -> altered(rows, alter));
    assertThatThrownBy(() -> KlineFiles.readAll(List.of(broken), DataTestSupport.failing(), log))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageStartingWith(broken + ":" + (ALTERED + 1) + ": this kline cannot be real: ")
        .hasMessageContaining(rule)
        .hasMessageContaining("set data.invalidRows: drop");
  }

  private static List<String> altered(List<String> rows, Consumer<String[]> alter) {
    List<String> out = new ArrayList<>(rows);
    String[] f = out.get(ALTERED).split(",");
    alter.accept(f);
    out.set(ALTERED, String.join(",", f));
    return out;
  }

  /** The first day of the example's month, changed by {@code change}, as a plain CSV. */
  private Path file(String name, UnaryOperator<List<String>> change) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("\n", change.apply(firstDay())) + "\n");
    return file;
  }

  private static List<String> rows(Path file) throws IOException {
    return Files.readAllLines(file);
  }

  private static List<String> firstDay() throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(EXAMPLE_MONTH))) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().limit(1440).toList();
    }
  }
}
