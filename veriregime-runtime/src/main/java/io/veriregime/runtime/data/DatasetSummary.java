package io.veriregime.runtime.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.veriregime.runtime.experiment.Labeling;
import io.veriregime.runtime.files.JsonFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code data/dataset.json}: what fetch-data read and wrote, written and read back (by the report)
 * only as this record (the contract in DEVELOPERS.md, "data/").
 *
 * @param rows klines read (those kept), before windows were cut
 * @param labels how the label threshold was chosen ({@code fixed}, {@code train-quantile})
 * @param threshold the label threshold in force: as configured, or fitted on the train split
 * @param holdFraction the share of training windows made HOLD when fitted; null when fixed
 * @param warmUp rows skipped at the start of each contiguous segment (indicator warm-up)
 * @param features feature names in the order of the tensors' last axis
 * @param inputs input name to sha256 (the klines files read)
 * @param outputs tensor file to sha256
 * @param config the effective {@code data:} section, as plain JSON values (it is shown, not used)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DatasetSummary(String source, String symbol, String interval, Range range, long rows, Gaps gaps,
                             InvalidRows invalidRows, int window, int horizon, Labeling labels, double threshold, Double holdFraction,
                             int warmUp, List<String> classes,
                             List<String> features, Normalisation normalisation, Map<String, Split> splits,
                             SortedMap<String, String> inputs, SortedMap<String, String> outputs,
                             Map<String, Object> config) {

  /** The first and last kline read, ISO-8601 UTC. */
  public record Range(String first, String last) {}

  /**
   * Missing minutes and what the gap policy did with them.
   *
   * @param filledRows rows forward-filled (0 unless the policy is {@code forward-fill})
   */
  public record Gaps(int count, long missingMinutes, String policy, long filledRows, List<GapRange> ranges) {}

  public record GapRange(String firstMissing, String lastMissing, long missing) {}

  /**
   * Klines that cannot be real (data.KlineCheck's rules) and what {@code data.invalidRows} did with them.
   *
   * @param dropped rows dropped (0 unless the policy is {@code drop}: under {@code fail} the first stops the build)
   * @param first the first dropped row's file, line and rule; null when none was dropped
   */
  public record InvalidRows(String policy, long dropped, String first) {}

  /** Mean and std per feature, fitted on {@code fittedOn} only; {@code clip} in standard deviations. */
  public record Normalisation(String fittedOn, double[] mean, double[] std, double clip) {}

  /**
   * One split's windows.
   *
   * @param classBalance class name to windows labelled with it
   * @param firstCandle the first candle any window reads
   * @param lastLabelCandle the last candle any label reads
   * @param shape of the features tensor
   */
  public record Split(int windows, Map<String, Integer> classBalance, String firstCandle, String lastLabelCandle,
                      String features, String labels, List<Integer> shape) {}

  public static DatasetSummary read(Path file) {
    return JsonFiles.read(file, DatasetSummary.class);
  }

  void write(Path file) {
    JsonFiles.write(file, this);
  }
}
