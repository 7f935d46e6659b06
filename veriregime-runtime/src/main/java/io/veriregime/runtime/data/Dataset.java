package io.veriregime.runtime.data;

import io.veriregime.runtime.model.Classes;
import java.util.List;

/**
 * The windows of one experiment, split chronologically, normalised with train statistics.
 *
 * @param splits            train, validation, test, in that order
 * @param mean              per feature, fitted on the rows the train windows cover
 * @param std               per feature (population), 1 where a feature is constant on train
 * @param warmUp            rows skipped at the start of each contiguous segment
 * @param threshold         the label threshold in force: configured, or fitted on the train split
 */
record Dataset(List<Split> splits, double[] mean, double[] std, int warmUp, double threshold) {

  static final int SELL = 0;
  static final int HOLD = 1;
  static final int BUY = 2;

  /**
   * One split's tensors.
   *
   * @param features     float32 {@code (count, window, features)}, row-major
   * @param labels       0 = SELL, 1 = HOLD, 2 = BUY
   * @param windowEnds   the row index (in the gap-handled series) of each window's last candle
   * @param firstRow     first row this split may use
   * @param endRow       row after the last this split may use
   */
  record Split(String name, int count, float[] features, int[] labels, int[] windowEnds, int firstRow, int endRow) {

    int[] classCounts() {
      int[] counts = new int[Classes.NAMES.size()];
      for (int label : labels) {
        counts[label]++;
      }
      return counts;
    }
  }
}
