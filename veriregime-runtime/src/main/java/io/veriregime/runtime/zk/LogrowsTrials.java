package io.veriregime.runtime.zk;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.veriregime.runtime.experiment.LogrowsObjective;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * zk-compile's trials of the student's circuit at the calibrated logrows and below it
 * (zk.ezkl.logrowsTrials): each size set up and proved once on the same test window, and the
 * correct one that is best by zk.ezkl.logrowsObjective kept. EZKL's calibration picks the smallest
 * domain the rows fit in without extra columns; a smaller domain with more columns can prove faster
 * (fewer, cheaper FFTs) at the price of a larger proof, so which size is fastest is measured, not
 * assumed. In {@code compile.json} under the student's circuit.
 *
 * @param objective what was minimised
 * @param reason which size was kept and why, in words
 * @param trials the calibrated size first, then each size below it
 */
public record LogrowsTrials(LogrowsObjective objective, int calibratedLogrows, int chosenLogrows, String reason,
                            List<Trial> trials) {

  /**
   * One size tried.
   *
   * @param correct set up, proved, verified, and proved exactly the calibrated circuit's outputs
   * @param problem why it is not correct; null when it is
   * @param proveCpuSeconds CPU seconds of the proof over all the prover's threads, what prove-time compares
   * @param provePeakMemoryBytes peak resident memory of the proving process, what memory compares
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Trial(int logrows, boolean correct, String problem, Double setupSeconds, Double proveSeconds,
                      Double proveCpuSeconds, Long provePeakMemoryBytes, Long pkBytes, Long proofBytes) {

    static Trial failed(int logrows, String problem) {
      return new Trial(logrows, false, problem, null, null, null, null, null, null);
    }

    double measure(LogrowsObjective objective) {
      return switch (objective) {
        case PROVE_TIME -> proveCpuSeconds;
        case PROOF_SIZE -> proofBytes;
        case MEMORY -> provePeakMemoryBytes;
      };
    }
  }

  /**
   * Keeps the correct trial with the least of {@code objective}; a tie keeps the larger logrows
   * (the calibrated size when it ties). The calibrated trial, first, must be correct.
   */
  static LogrowsTrials choose(LogrowsObjective objective, List<Trial> trials) {
    Trial calibrated = trials.get(0);
    if (!calibrated.correct()) {
      throw new IllegalArgumentException("the calibrated circuit is the reference and must be correct: " + calibrated);
    }
    Trial best = trials.stream().filter(Trial::correct)
        .min(Comparator.comparingDouble((Trial trial) -> trial.measure(objective))
            .thenComparing(Comparator.comparingInt(Trial::logrows).reversed()))
        .orElseThrow();
    Function<Trial, String> figure = trial -> switch (objective) {
      case PROVE_TIME -> String.format(Locale.ROOT, "%.2f s prove CPU", trial.proveCpuSeconds());
      case PROOF_SIZE -> String.format(Locale.ROOT, "%,d B proof", trial.proofBytes());
      case MEMORY -> String.format(Locale.ROOT, "%,d MB prove peak memory", trial.provePeakMemoryBytes() >> 20);
    };
    StringBuilder reason = new StringBuilder(String.format(Locale.ROOT, "kept logrows %d by %s (%s): ", best.logrows(),
        objective.yamlName(), figure.apply(best)));
    reason.append(String.join("; ", trials.stream().filter(trial -> trial != best).map(trial -> "logrows " + trial.logrows()
        + (trial == calibrated ? " (calibrated) " : " ") + (trial.correct() ? figure.apply(trial)
        : "not correct: " + trial.problem())).toList()));
    return new LogrowsTrials(objective, calibrated.logrows(), best.logrows(), reason.toString(), List.copyOf(trials));
  }
}
