package io.veriregime.runtime.experiment;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * The {@code data:} section: where klines come from and how they become windows and labels.
 *
 * @param start first UTC day (inclusive); may be left out for {@code csv} (whole files)
 * @param end last UTC day (inclusive)
 * @param files {@code csv} files in the Binance archive layout (plain or gzip), relative to the
 *     experiment file
 * @param invalidRows a kline that cannot be real (data.KlineCheck's rules): {@code fail} names the file,
 *     line and rule; {@code drop} drops it and counts it in dataset.json
 * @param labels how the label threshold is chosen: {@code fixed} ({@code threshold}) or
 *     {@code train-quantile} (fitted on the training split to {@code holdFraction})
 * @param threshold forward return over {@code horizon} minutes above which a window is BUY and
 *     below whose negative it is SELL, with {@code labels: fixed}
 * @param holdFraction with {@code labels: train-quantile}, the fraction of training windows that
 *     are HOLD
 * @param clip normalised features are clipped to ±clip standard deviations (0 = off): minute
 *     data has 50σ outliers, which polynomial students amplify and which widen circuit lookups
 */
public record DataConfig(
    DataSource source,
    String symbol,
    String interval,
    LocalDate start,
    LocalDate end,
    List<Path> files,
    String archiveUrl,
    String apiUrl,
    Path cacheDir,
    Duration timeout,
    int retries,
    GapPolicy gapPolicy,
    InvalidRowPolicy invalidRows,
    List<Feature> features,
    IndicatorConfig indicators,
    int window,
    int horizon,
    Labeling labels,
    double threshold,
    double holdFraction,
    double clip,
    SplitConfig split)
    implements ConfigSection {

  /** Retries back off exponentially: past this many a build waits for hours on a source that is down. */
  static final int MAX_RETRIES = 20;

  static final DataConfig DEFAULTS = new DataConfig(
      DataSource.CSV,
      "BTCUSDT",
      "1m",
      null,
      null,
      List.of(),
      "https://data.binance.vision",
      "https://api.binance.com",
      Path.of(System.getProperty("user.home"), ".veriregime", "cache"),
      Duration.ofSeconds(30),
      5,
      GapPolicy.DROP_WINDOWS,
      InvalidRowPolicy.FAIL,
      List.of(Feature.values()),
      IndicatorConfig.DEFAULTS,
      60,
      5,
      Labeling.FIXED,
      0.001,
      1.0 / 3,
      5.0,
      SplitConfig.DEFAULTS);

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(symbol.matches("[A-Z0-9]{2,20}"), "symbol", "must be a Binance symbol such as BTCUSDT, got '" + symbol + "'",
        "Write the pair in capitals without a separator.");
    checks.require(interval.equals("1m"), "interval", "must be 1m (the only interval the features are defined for), got '" + interval + "'",
        "Remove the key or set it to 1m.");
    checks.require(source == DataSource.CSV || start != null, "start", "is required for source " + source.yamlName(),
        "Add start: YYYY-MM-DD (first UTC day to fetch).");
    checks.require(source == DataSource.CSV || end != null, "end", "is required for source " + source.yamlName(),
        "Add end: YYYY-MM-DD (last UTC day to fetch, inclusive).");
    checks.require(start == null || end == null || !end.isBefore(start), "end",
        "(" + end + ") is before start (" + start + ")", "Swap them or fix the dates.");
    checks.require(source != DataSource.CSV || !files.isEmpty(), "files", "must list at least one CSV file for source csv",
        "Add files: [path/to/BTCUSDT-1m-2024-01.csv.gz] (relative to experiment.yaml).");
    checks.require(source == DataSource.CSV || files.isEmpty(), "files", "is only used with source csv, but source is " + source.yamlName(),
        "Remove files, or set source: csv.");
    requireHttpUrl(checks, "archiveUrl", archiveUrl, DEFAULTS.archiveUrl);
    requireHttpUrl(checks, "apiUrl", apiUrl, DEFAULTS.apiUrl);
    checks.require(!features.isEmpty(), "features", "must name at least one feature", "List features, e.g. [log-return, rsi].");
    checks.require(features.stream().distinct().count() == features.size(), "features", "names a feature twice",
        "List each feature once.");
    checks.require(window >= 2, "window", "must be at least 2 minutes, got " + window, "The default is 60.");
    checks.positive(horizon, "horizon");
    checks.require(threshold > 0 && threshold < 0.5, "threshold",
        "must be a positive fraction below 0.5 (0.001 = 0.1%), got " + threshold, "The default is 0.001.");
    checks.require(holdFraction > 0 && holdFraction < 1, "holdFraction",
        "must be a fraction between 0 and 1, got " + holdFraction, "Use e.g. 0.34 for about a third of each class.");
    checks.require(clip == 0 || clip >= 1, "clip", "must be 0 (off) or at least 1 standard deviation, got " + clip,
        "The default is 5.");
    checks.require(!timeout.isNegative() && !timeout.isZero(), "timeout", "must be positive", "Use e.g. 30s.");
    checks.require(retries >= 0 && retries <= MAX_RETRIES, "retries", "must be between 0 and " + MAX_RETRIES + " (each"
        + " retry waits longer, up to the time-out), got " + retries, "The default is 5.");
  }

  /**
   * The sources append paths to the URL and fetch it with HttpClient, which speaks http and https
   * only; anything else would fail later, at the first download, as an unexplained exception.
   */
  private static void requireHttpUrl(ConfigChecks checks, String key, String url, String binance) {
    boolean ok;
    try {
      URI uri = new URI(url);
      ok = uri.getScheme() != null && uri.getScheme().matches("(?i)https?") && uri.getHost() != null
          && uri.getRawQuery() == null && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      ok = false;
    }
    checks.require(ok, key, "must be an http or https URL with a host and no ?query or #fragment, got '" + url + "'",
        "Remove the key to use Binance (" + binance + "), or write a mirror's address such as "
            + "https://mirror.example.com.");
  }
}
