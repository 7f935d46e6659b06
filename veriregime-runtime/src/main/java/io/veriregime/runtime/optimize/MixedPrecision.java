package io.veriregime.runtime.optimize;

import io.veriregime.runtime.proving.CircuitCost;
import java.util.List;
import java.util.Locale;

/**
 * The {@code hawq} candidate's evidence in {@code selection.json}: each linear layer's Hessian
 * trace, its sensitivity Ω at every allowed width, the widths chosen, and what the proving
 * backend's circuit made of them.
 *
 * <p>Ω(b) = (tr(H)/n)·‖Q_b(W) − W‖², HAWQ-v2's sensitivity: the second-order change of the loss
 * when quantisation adds noise ‖Q_b(W) − W‖² spread evenly over the layer's n weights. The mean
 * trace tr(H)/n, not tr(H), so that a layer does not count n times for its size (its size is
 * already in the noise, a sum over its weights).
 *
 * @param averageBitsBudget {@code optimize.hawq.averageBits}
 * @param averageBits what the allocation spends, Σ nᵢ·bᵢ / Σ nᵢ
 * @param averageIs how the average is weighted
 * @param hessian how the traces were estimated
 * @param probes Rademacher vectors per layer
 * @param samples train samples of the distillation loss whose Hessian was estimated
 * @param hessianSeconds wall time of the estimate
 * @param layers per linear layer, in order
 * @param totalOmega Σ Ωᵢ(bᵢ) of the allocation
 * @param postTrainingValidation the distilled student quantised with this allocation before any
 *     fine-tuning (post-training quantisation), on validation: what the fine-tuning then bought
 * @param circuit what the circuit shows of the mixed widths; null when it could not be compiled
 */
public record MixedPrecision(int minBits, int maxBits, double averageBitsBudget, double averageBits, String averageIs,
                             String hessian, int probes, int samples, double hessianSeconds,
                             List<LayerSensitivity> layers, double totalOmega,
                             Selection.Scores postTrainingValidation, CircuitEffect circuit) {

  static final String AVERAGE_IS = "weighted by each layer's number of weights (biases stay float)";
  static final String HESSIAN = "Hutchinson's estimator with Rademacher probes; Hessian-vector products by central"
      + " finite differences of the distillation loss's gradients (DJL has no double backward)";

  /** This evidence with the circuit's effect, once the backend measured the candidate's circuit. */
  MixedPrecision withCircuit(CircuitEffect effect) {
    return new MixedPrecision(minBits, maxBits, averageBitsBudget, averageBits, averageIs, hessian, probes, samples,
        hessianSeconds, layers, totalOmega, postTrainingValidation, effect);
  }

  /**
   * @param layer the weight's name in model.json, e.g. {@code fc0}
   * @param parameters its number of weights
   * @param hessianTrace Hutchinson's estimate of tr(H) of the loss w.r.t. this layer's weights
   * @param hessianTraceStandardError the estimate's standard error over the probes
   * @param omega Ω at each allowed width (a negative trace estimate counts as 0: no sensitivity)
   * @param bits the width chosen
   */
  public record LayerSensitivity(String layer, long parameters, double hessianTrace, double hessianTraceStandardError,
                                 List<Omega> omega, int bits) {}

  public record Omega(int bits, double omega) {}

  /**
   * The circuit the backend compiled for the mixed-precision student next to the distilled
   * student's (float weights, the same graph), in the backend's unit. EZKL fixes one param scale and
   * one range for the whole circuit, so narrower weights in one layer need not make a smaller circuit;
   * the Groth16 compiler range-checks each layer at its own width ({@code layerBits}), so they do.
   * This is what the backend measured.
   *
   * @param paramScale the backend's one weight scale for this circuit (bits); null where each layer has its own
   * @param layerBits each layer's range-check width, where the backend has them ({@link CircuitCost#layerBits})
   * @param rowsAre the unit of the rows: {@code rows} (Halo2) or {@code constraints} (R1CS)
   * @param rowsChange {@code rows − distilledRows}
   * @param statement the measured consequence, in words
   */
  public record CircuitEffect(long rows, int logrows, Integer paramScale, List<CircuitCost.LayerBits> layerBits,
                              long distilledRows, int distilledLogrows, Integer distilledParamScale,
                              List<CircuitCost.LayerBits> distilledLayerBits, String rowsAre, long rowsChange,
                              String statement) {

    static CircuitEffect of(CircuitCost mixed, CircuitCost distilled) {
      long change = mixed.rows() - distilled.rows();
      String unit = mixed.rowsAre();
      String statement = String.format(Locale.ROOT, "measured: %,d %s (logrows %d) against the distilled student's"
              + " %,d (logrows %d), a change of %+,d %s: %s%s", mixed.rows(), unit, mixed.logrows(), distilled.rows(),
          distilled.logrows(), change, unit,
          change < 0 ? "the mixed widths make this circuit smaller"
              : change > 0 ? "this circuit has more " + unit : "the mixed widths save no " + unit + " in this circuit",
          mixed.layerBits().isEmpty() ? "" : "; range checks of " + widths(mixed) + " bits per layer against "
              + widths(distilled));
      return new CircuitEffect(mixed.rows(), mixed.logrows(), mixed.paramScale(), mixed.layerBits(), distilled.rows(),
          distilled.logrows(), distilled.paramScale(), distilled.layerBits(), unit, change, statement);
    }

    private static String widths(CircuitCost cost) {
      return cost.layerBits().stream().map(layer -> String.valueOf(layer.bits())).reduce((a, b) -> a + "/" + b)
          .orElse("none");
    }
  }
}
