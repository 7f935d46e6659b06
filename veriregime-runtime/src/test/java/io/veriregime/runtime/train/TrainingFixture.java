package io.veriregime.runtime.train;

import io.veriregime.runtime.testdata.TestData;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.experiment.ExperimentLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A small real dataset for the training tests: the real fetch-data stage on the first three days
 * of the recorded BTCUSDT 1-minute klines of January 2024 (the example's month, {@link TestData#JANUARY_2024}),
 * default features, window, horizon and split.
 */
public final class TrainingFixture {

  public static final Path JANUARY = TestData.JANUARY_2024;

  private TrainingFixture() {}


  /**
   * Writes {@code experiment.yaml} (name, seed, three days of January 2024, then the given sections)
   * into {@code projectDir} and returns an in-process context (libtorch may load: this is a test
   * JVM) whose output root is {@code projectDir/target/veriregime}.
   */
  public static StageContext context(Path projectDir, String yamlSections, StageLog log) throws IOException {
    return context(projectDir, yamlSections, Map.of(), log);
  }

  /** {@link #context(Path, String, StageLog)} with experiment overrides, e.g. a longer {@code data.end}. */
  public static StageContext context(Path projectDir, String yamlSections, Map<String, String> overrides, StageLog log)
      throws IOException {
    Files.createDirectories(projectDir);
    Path yaml = projectDir.resolve("experiment.yaml");
    Files.writeString(yaml, "name: train-test\nseed: 7\ndata:\n  source: csv\n  files: [\""
        + JANUARY.toAbsolutePath().normalize() + "\"]\n  start: 2024-01-01\n  end: 2024-01-03\n" + yamlSections);
    return new StageContext(ExperimentLoader.load(yaml, overrides), Layout.at(projectDir.resolve("target/veriregime")),
        true, Proxies.NONE, false, log);
  }

  /** Runs the real fetch-data stage for the context. */
  public static void writeDataset(StageContext ctx) {
    new DataStage().run(ctx);
  }
}
