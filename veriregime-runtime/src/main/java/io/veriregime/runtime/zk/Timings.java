package io.veriregime.runtime.zk;

import java.util.List;
import java.util.Locale;

/**
 * Seconds measured over rounds, summarised as mean ± standard error of the mean (sample standard
 * deviation / √n), the way EZKL's own benchmarks report them. One round has no error estimate.
 */
record Timings(List<Double> seconds) {

  Timings {
    seconds = List.copyOf(seconds);
  }

  double mean() {
    return seconds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Standard error of the mean; NaN for fewer than two rounds. */
  double standardError() {
    int n = seconds.size();
    if (n < 2) {
      return Double.NaN;
    }
    double mean = mean();
    double squares = seconds.stream().mapToDouble(s -> (s - mean) * (s - mean)).sum();
    return Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
  }

  ProvingReport.TimingSummary summary() {
    return new ProvingReport.TimingSummary(mean(), seconds.size() < 2 ? null : standardError(), seconds.size(), seconds);
  }

  String format() {
    return seconds.size() < 2 ? String.format(Locale.ROOT, "%.2f s (1 round)", mean())
        : String.format(Locale.ROOT, "%.2f ± %.2f s (%d rounds)", mean(), standardError(), seconds.size());
  }
}
