package io.veriregime.runtime.optimize;

import ai.djl.nn.Parameter;
import io.veriregime.runtime.distill.StudentNetwork;
import io.veriregime.runtime.experiment.HawqConfig;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.TrainingCurves;
import io.veriregime.runtime.process.Heartbeat;
import io.veriregime.runtime.train.Learner;
import io.veriregime.runtime.train.TrainingData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code hawq}: Hessian traces of the distilled student's layers, an exact allocation of widths under
 * the budget by sensitivity, then quantisation-aware fine-tuning with those widths (the same
 * fine-tuning as {@code qat}, so the two differ only in the widths). The allocation's post-training
 * scores are measured too: one inference pass, and what the fine-tuning bought.
 */
final class HessianMixedPrecision implements CandidateFamily {

  /** Train samples of the loss whose Hessian hawq estimates: enough for a stable loss, one batch for speed. */
  static final int HESSIAN_SAMPLES = 2048;
  /**
   * The finite-difference step of the Hessian-vector products, relative to the layer's RMS weight:
   * small enough for the O(ε²) error, large enough that float32 gradients still differ by more than
   * their rounding. Measured on the example's student: 1e-2 and 1e-3 give traces within 0.6 % of
   * each other (well inside the probes' standard error); 1e-1 moves the first layer's by 60 %.
   */
  static final double FINITE_DIFFERENCE_STEP = 1e-2;
  private static final Duration HEARTBEAT = Duration.ofSeconds(30);

  @Override
  public Built build(String name, CandidateContext context) {
    HawqConfig hawq = context.config().hawq();
    List<Layer.Linear> linears = StudentModels.linears(context.distilled());
    long start = System.nanoTime();
    List<Hutchinson.Estimate> traces = hessianTraces(name, context, hawq.probes());
    double hessianSeconds = (System.nanoTime() - start) / 1e9;
    List<BitAllocator.LayerCost> costs = new ArrayList<>();
    for (int i = 0; i < linears.size(); i++) {
      float[] weights = linears.get(i).weight().data();
      // HAWQ assumes a positive semi-definite Hessian; a negative estimate (noise, or a layer where the loss
      // curves down) would reward quantisation noise, so it counts as no sensitivity
      double meanTrace = Math.max(0, traces.get(i).trace()) / weights.length;
      double[] omega = new double[hawq.maxBits() - hawq.minBits() + 1];
      for (int b = hawq.minBits(); b <= hawq.maxBits(); b++) {
        omega[b - hawq.minBits()] = meanTrace * UniformQuantiser.squaredError(weights, b);
      }
      costs.add(new BitAllocator.LayerCost(weights.length, omega));
    }
    BitAllocator.Allocation allocation = BitAllocator.allocate(costs, hawq.minBits(), hawq.maxBits(), hawq.averageBits());
    List<MixedPrecision.LayerSensitivity> layers = new ArrayList<>();
    for (int i = 0; i < linears.size(); i++) {
      List<MixedPrecision.Omega> omega = new ArrayList<>();
      for (int b = hawq.minBits(); b <= hawq.maxBits(); b++) {
        omega.add(new MixedPrecision.Omega(b, costs.get(i).omega()[b - hawq.minBits()]));
      }
      String layer = StudentModels.layerName(linears.get(i));
      layers.add(new MixedPrecision.LayerSensitivity(layer, costs.get(i).parameters(), traces.get(i).trace(),
          traces.get(i).standardError(), omega, allocation.bits().get(i)));
      context.log().info(String.format(Locale.ROOT, "%s: %s: %-4s %,7d weights  Hessian trace %.4g ± %.2g"
              + "  Ω(%d..%d bits) %.3g..%.3g  → %d bits", OptimizeStage.NAME, name, layer, costs.get(i).parameters(),
          traces.get(i).trace(), traces.get(i).standardError(), hawq.minBits(), hawq.maxBits(), omega.get(0).omega(),
          omega.get(omega.size() - 1).omega(), allocation.bits().get(i)));
    }
    context.log().info(String.format(Locale.ROOT, "%s: %s: widths %s, average %.3f bits (budget %.3f), Σ Ω %.4g;"
            + " Hessian traces took %.1f s", OptimizeStage.NAME, name, allocation.bits(), allocation.averageBits(),
        hawq.averageBits(), allocation.omega(), hessianSeconds));
    TrainingCurves none = new TrainingCurves(name, List.of(), 0, false, 0);
    Selection.Scores postTraining = Selection.Scores.of(context.score(name,
        StudentModels.quantised(context.distilled(), allocation.bits()), none).metrics().validation());
    // the circuit effect is the measurer's: it needs this candidate's circuit and the distilled student's
    return QuantisationAware.fineTune(name, context, allocation.bits()).withMixedPrecision(new MixedPrecision(
        hawq.minBits(), hawq.maxBits(), hawq.averageBits(), allocation.averageBits(), MixedPrecision.AVERAGE_IS,
        MixedPrecision.HESSIAN, hawq.probes(), hessianSamples(context.dataset().train()).length, hessianSeconds,
        layers, allocation.omega(), postTraining, null));
  }

  /**
   * Per linear layer of the distilled student, Hutchinson's estimate of the trace of the
   * distillation loss's Hessian w.r.t. that layer's weights (the other layers held fixed), on a
   * fixed subset of the train split, with Rademacher probes from the experiment's seed.
   */
  private static List<Hutchinson.Estimate> hessianTraces(String name, CandidateContext context, int probes) {
    StudentNetwork network = context.network(StudentModels.activationOf(context.distilled()));
    TrainingData.Split train = context.dataset().train();
    int[] samples = hessianSamples(train);
    List<Hutchinson.Estimate> estimates = new ArrayList<>();
    try (Learner learner = context.learner(name + "-hessian", 1, network);
         Heartbeat ignored = Heartbeat.every(HEARTBEAT, elapsed -> context.log().info(OptimizeStage.NAME + ": " + name
             + ": estimating Hessian traces, layer " + (estimates.size() + 1) + " of " + network.linearWeights().size()
             + ", " + elapsed.toSeconds() + " s"))) {
      network.loadWeights(context.distilled());
      Random probesRandom = new Random(context.seed());
      for (Parameter weight : network.linearWeights()) {
        float[] trained = weight.getArray().toFloatArray();
        Hutchinson.Gradient gradient = point -> {
          weight.getArray().set(point);
          return learner.gradient(weight, train, context.trainTargets(), samples);
        };
        estimates.add(Hutchinson.trace(trained.length,
            Hutchinson.finiteDifferences(gradient, trained, FINITE_DIFFERENCE_STEP * rms(trained)), probes,
            probesRandom));
        weight.getArray().set(trained);
      }
    }
    return estimates;
  }

  /** {@link #HESSIAN_SAMPLES} train samples spread evenly over the split (it is chronological). */
  private static int[] hessianSamples(TrainingData.Split train) {
    int count = Math.min(HESSIAN_SAMPLES, train.size());
    int[] samples = new int[count];
    for (int s = 0; s < count; s++) samples[s] = (int) ((long) s * train.size() / count);
    return samples;
  }

  private static double rms(float[] values) {
    double sum = 0;
    for (float value : values) sum += (double) value * value;
    return Math.sqrt(sum / values.length);
  }
}
