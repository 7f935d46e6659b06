package io.veriregime.runtime.data;

import io.veriregime.runtime.Stage;
import io.veriregime.runtime.StageContext;
import io.veriregime.runtime.StageResult;
import io.veriregime.runtime.artifact.Fingerprint;
import io.veriregime.runtime.artifact.StageLog;
import io.veriregime.runtime.artifact.StageManifest;
import io.veriregime.runtime.artifact.StageWorkspace;
import io.veriregime.runtime.artifact.Versions;
import io.veriregime.runtime.experiment.DataConfig;
import io.veriregime.runtime.experiment.Experiment;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code fetch-data} stage: klines from the configured source, gap policy, features,
 * windows, labels and the chronological split, written to {@code <output>/data/} (see
 * DEVELOPERS.md, "data/"). Runs in the caller's JVM (no native code). Skips itself when the data
 * configuration and the input files' hashes are unchanged.
 */
public final class DataStage implements Stage {

  public static final String NAME = "fetch-data";
  /** The stage directory under the output root. */
  public static final String DIRECTORY = "data";
  /** The only interval the configuration accepts. */
  static final Duration INTERVAL = Duration.ofMinutes(1);

  private final Clock clock;

  public DataStage() {
    this(Clock.systemUTC());
  }

  /** @param clock decides which API candles are still open (tests replay a recorded moment) */
  DataStage(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StageResult run(StageContext ctx) {
    Experiment experiment = ctx.experiment();
    DataConfig config = experiment.config().data();
    StageLog log = ctx.log();
    KlineSource source = source(ctx);
    List<Path> inputs = source.acquire();

    Fingerprint.Builder fingerprint = Fingerprint.builder().config(config).tool("ta4j", Versions.ta4j());
    inputs.forEach(file -> fingerprint.input(file.getFileName().toString(), file));
    Fingerprint fp = fingerprint.build();
    StageWorkspace workspace = StageWorkspace.open(ctx.stageDir(DIRECTORY), NAME, log);
    Optional<StageManifest> done = workspace.upToDate(fp);
    if (done.isPresent()) {
      log.info(NAME + ": up to date, skipping (" + inputs.size() + " input file(s) unchanged)");
      return new StageResult(NAME, true, workspace.dir(), done.get());
    }
    workspace.begin();

    long started = System.nanoTime();
    KlineSeries raw = inRange(source.read(inputs, log), config, experiment);
    Continuity continuity = Continuity.of(raw, INTERVAL.toMillis(), config.gapPolicy(), experiment);
    if (!continuity.gaps().isEmpty()) {
      log.warn(NAME + ": " + continuity.gaps().size() + " gap(s), " + continuity.missingRows() + " missing minute(s): "
          + Continuity.describe(continuity.gaps()) + "; policy " + config.gapPolicy().yamlName());
    }
    FeatureCalculator calculator = new FeatureCalculator(config.features(), config.indicators(), INTERVAL);
    double[] rowFeatures = calculator.compute(continuity);
    Dataset dataset = new DatasetBuilder(experiment)
        .build(continuity, rowFeatures, calculator.featureCount(), calculator.warmUp());
    Map<String, Object> metrics = DatasetFiles.write(workspace.dir(), dataset, config,
        new DatasetFiles.Provenance(source.name(), raw, continuity, fp.inputs()));
    log.info(String.format(Locale.ROOT, "%s: %,d klines -> %s windows (train/validation/test) in %.2f s",
        NAME, raw.size(), dataset.splits().stream().map(s -> String.format(Locale.ROOT, "%,d", s.count())).toList(),
        (System.nanoTime() - started) / 1e9));
    StageManifest manifest = workspace.complete(fp, metrics);
    return new StageResult(NAME, false, workspace.dir(), manifest);
  }

  private KlineSource source(StageContext ctx) {
    return switch (ctx.experiment().config().data().source()) {
      case CSV -> new CsvSource(ctx.experiment());
      case BINANCE_ARCHIVE -> throw new UnsupportedOperationException("binance-archive");
      case BINANCE_API -> throw new UnsupportedOperationException("binance-api");
    };
  }

  /** The klines inside {@code [start, end]} (whole UTC days); all of them when neither is set. */
  private static KlineSeries inRange(KlineSeries series, DataConfig config, Experiment experiment) {
    long from = config.start() == null ? Long.MIN_VALUE : config.start().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long to = config.end() == null ? Long.MAX_VALUE
        : config.end().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    KlineSeries selected = series.between(from, to);
    if (selected.size() == 0) {
      throw experiment.error(config.start() != null ? "data.start" : "data.files",
          "no klines fall in the selected range " + (config.start() == null ? "(whole files)" : config.start() + " to "
              + config.end()) + (series.size() == 0 ? "" : "; the input covers "
              + java.time.Instant.ofEpochMilli(series.openTime(0)) + " to "
              + java.time.Instant.ofEpochMilli(series.openTime(series.size() - 1))),
          "choose start and end inside the data, or list files that cover them");
    }
    return selected;
  }
}
