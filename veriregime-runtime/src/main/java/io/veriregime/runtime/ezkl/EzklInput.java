package io.veriregime.runtime.ezkl;

import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * EZKL's input file: {@code {"input_data": [[...]]}}, one flat list per model input. For
 * calibration several samples are concatenated in that one list; EZKL splits it into batches of
 * the model's input size.
 */
final class EzklInput {

  private EzklInput() {}

  /** Writes rows {@code [from, from + count)} of a (N, ...) tensor, flattened in C order. */
  static void write(Path target, Npy.FloatArray tensor, int from, int count) {
    int rowSize = tensor.rowSize();
    double[] values = new double[count * rowSize];
    for (int i = 0; i < values.length; i++) {
      values[i] = tensor.data()[from * rowSize + i];
    }
    JsonFiles.write(target, Map.of("input_data", List.of(values)));
  }
}
