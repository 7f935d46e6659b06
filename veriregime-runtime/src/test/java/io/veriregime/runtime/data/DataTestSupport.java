package io.veriregime.runtime.data;

import io.veriregime.runtime.testdata.TestData;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Real data files and experiments for the data package's tests. */
final class DataTestSupport {

  static final Path JAN_2024 = TestData.JANUARY_2024;
  static final Path MAR_2023 = TestData.MARCH_2023_23_TO_25;
  static final Path DAILY_ZIPS = TestData.DAILY_ZIPS;
  static final Path API_KLINES = TestData.API_KLINES;

  private DataTestSupport() {}

  /** Writes {@code experiment.yaml} with the given {@code data:} body (indented by the caller's text) and loads it. */
  /** The default rule check: a kline that cannot be real stops the read. */
  static KlineCheck failing() {
    return new KlineCheck(io.veriregime.runtime.experiment.InvalidRowPolicy.FAIL);
  }

  static Experiment experiment(Path dir, String dataSection) {
    return experiment(dir, dataSection, Map.of());
  }

  static Experiment experiment(Path dir, String dataSection, Map<String, String> overrides) {
    Path file = dir.resolve("experiment.yaml");
    write(file, "name: data-test\ndata:\n" + dataSection.stripIndent().lines()
        .map(line -> "  " + line).reduce("", (a, b) -> a + b + "\n"));
    return ExperimentLoader.load(file, overrides);
  }

  /** A csv experiment on {@code file} restricted to whole UTC days {@code start..end}. */
  static Experiment csv(Path dir, Path file, String start, String end, String extra) {
    return experiment(dir, "source: csv\nfiles: [" + file.toAbsolutePath() + "]\nstart: " + start + "\nend: " + end
        + "\n" + extra);
  }

  static StageContext context(Experiment experiment, Path output, boolean offline, RecordingLog log) {
    return new StageContext(experiment, Layout.at(output), offline, Proxies.NONE, false, log);
  }

  static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
