package io.veriregime.runtime.data;

import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Versions;
import io.veriregime.runtime.experiment.ConfigView;
import io.veriregime.runtime.experiment.DataConfig;
import io.veriregime.runtime.experiment.DataSource;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.layout.StageId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code fetch-data} stage: klines from the configured source, gap policy, features,
 * windows, labels and the chronological split, written to {@code <output>/data/} (see
 * DEVELOPERS.md, "data/"). Runs in the caller's JVM (no native code). Skips itself when the data
 * configuration and the input files' hashes are unchanged.
 */
public final class DataStage implements Stage {

  static final String NAME = StageId.FETCH_DATA.goal();
  /** The only interval the configuration accepts. */
  static final Duration INTERVAL = Duration.ofMinutes(1);

  /** Wait before the first retry of a failed download; doubled before each further one. */
  static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

  private final Clock clock;
  private final Duration retryBackoff;

  public DataStage() {
    this(Clock.systemUTC(), RETRY_BACKOFF);
  }

  /**
   * @param clock what "now" is: which archive month is complete, which API candle is still open
   *     (tests replay the moment a recording was made)
   */
  DataStage(Clock clock, Duration retryBackoff) {
    this.clock = clock;
    this.retryBackoff = retryBackoff;
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

    Fingerprint fp = fingerprint(experiment.config(), inputs);
    StageWorkspace workspace = ctx.workspace(NAME, ctx.layout().dataDir());
    Optional<StageResult> reused = workspace.reuseOrBegin(fp);
    if (reused.isPresent()) {
      return reused.get();
    }

    long started = System.nanoTime();
    KlineCheck check = new KlineCheck(config.invalidRows());
    KlineSeries raw = inRange(source.read(inputs, check, log), config, experiment);
    if (check.dropped() > 0) {
      log.warn(NAME + ": " + check.dropped() + " kline(s) that cannot be real dropped (data.invalidRows: drop), the first"
          + " at " + check.firstDropped());
    }
    Continuity continuity = Continuity.of(raw, INTERVAL.toMillis(), config.gapPolicy(), experiment);
    if (!continuity.gaps().isEmpty()) {
      log.warn(NAME + ": " + continuity.gaps().size() + " gap(s), " + continuity.missingRows() + " missing minute(s): "
          + Continuity.describe(continuity.gaps()) + "; policy " + config.gapPolicy().yamlName());
    }
    FeatureCalculator calculator = new FeatureCalculator(config.features(), config.indicators(), INTERVAL);
    double[] rowFeatures = calculator.compute(continuity);
    Dataset dataset = new DatasetBuilder(experiment)
        .build(continuity, rowFeatures, calculator.featureCount(), calculator.warmUp());
    Map<String, Object> metrics = DatasetFiles.write(ctx.layout(), dataset, config,
        new DatasetFiles.Provenance(source.name(), raw, continuity, check, fp.inputs()));
    double seconds = (System.nanoTime() - started) / 1e9;
    log.info(String.format(Locale.ROOT,
        "%s: %,d klines -> %s windows (train/validation/test) in %.2f s (%,.0f klines/s)",
        NAME, raw.size(), dataset.splits().stream().map(s -> String.format(Locale.ROOT, "%,d", s.count())).toList(),
        seconds, raw.size() / seconds));
    return workspace.complete(fp, metrics);
  }

  /**
   * The whole {@code data:} section but where the bytes come from (paths, URLs, cache directory,
   * time-out, retries): the input files' contents are hashed instead, so moving the project or
   * switching to a mirror does not rebuild an identical dataset.
   */
  @Override
  public Object configuration(ExperimentConfig config) {
    return ConfigView.without(config.data(), "files", "archiveUrl", "apiUrl", "cacheDir", "timeout", "retries");
  }

  private Fingerprint fingerprint(ExperimentConfig config, List<Path> inputs) {
    Fingerprint.Builder fingerprint = Fingerprint.builder().config("configuration", configuration(config)).tool("ta4j", Versions.ta4j());
    Set<String> names = new HashSet<>();
    for (Path file : inputs) {
      // inputs are named by file name; same-named files from different directories keep their path
      String name = names.add(file.getFileName().toString()) ? file.getFileName().toString() : file.toString();
      names.add(name);
      fingerprint.input(name, file);
    }
    return fingerprint.build();
  }

  private KlineSource source(StageContext ctx) {
    DataConfig config = ctx.experiment().config().data();
    if (config.source() == DataSource.CSV) {
      return new CsvSource(ctx.experiment());
    }
    DownloadCache cache = new DownloadCache(config.cacheDir(), ctx.log());
    HttpFetcher http = new HttpFetcher(config.timeout(), config.retries(), retryBackoff, ctx.proxies(), ctx.log());
    return config.source() == DataSource.BINANCE_ARCHIVE
        ? new ArchiveSource(config, ctx.offline(), cache, http, clock, ctx.log())
        : new ApiSource(config, ctx.offline(), cache, http, clock, ctx.log(), ApiSource.MAX_PAGE);
  }

  /** The klines inside {@code [start, end]} (whole UTC days); all of them when neither is set. */
  private static KlineSeries inRange(KlineSeries series, DataConfig config, Experiment experiment) {
    long from = config.start() == null ? Long.MIN_VALUE : startOfDay(config.start());
    long to = config.end() == null ? Long.MAX_VALUE : startOfDay(config.end().plusDays(1));
    KlineSeries selected = series.between(from, to);
    if (selected.size() == 0) {
      throw experiment.error(config.start() != null ? "data.start" : "data.files",
          "no klines fall in the selected range " + (config.start() == null ? "the beginning" : config.start()) + " to "
              + (config.end() == null ? "the end" : config.end()) + (series.size() == 0 ? "" : "; the input covers "
              + Instant.ofEpochMilli(series.openTime(0)) + " to "
              + Instant.ofEpochMilli(series.openTime(series.size() - 1))),
          "choose start and end inside the data, or list files that cover them");
    }
    return selected;
  }

  /** Epoch milliseconds of a UTC day's first minute. */
  static long startOfDay(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }
}
