package io.veriregime.runtime.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.model.Classes;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.model.TrainingCurves;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * One DJL network with its AdamW trainer: the training loop shared by the teacher and the students
 * (shuffled mini-batches, optional global-norm gradient clipping, early stopping on validation loss,
 * best weights kept), plus inference in evaluation mode.
 *
 * <p>Batches are cut from the Java arrays and each batch's arrays live in a sub-manager closed after
 * the step, so native memory stays flat however many epochs run.
 */
public final class Learner implements AutoCloseable {

  private static final int CLASSES = Classes.NAMES.size();

  /**
   * A batch loss above this counts as divergence even while it is still finite: a 3-class
   * cross-entropy starts near ln 3, and one of 1e12 means logits of that size, a network whose
   * softmax is saturated everywhere (an x² student that blew up stays stuck around 1e30).
   */
  private static final float DIVERGED_LOSS = 1e12f;

  private final Model model;
  private final Trainer trainer;
  private final Loss loss;
  private final TrainingPlan plan;
  private final StageLog log;

  /**
   * The current batch's inputs, reused batch after batch: libtorch wraps a direct buffer without
   * copying it (from_blob), and every tensor over it belongs to the batch's scope, closed (and its
   * autograd graph released by backward) before the next batch is gathered into it.
   */
  private ByteBuffer batchInputs = ByteBuffer.allocateDirect(0);

  /**
   * Per-sample training targets: the labels, and for distillation the teacher's logits
   * {@code (n, 3)} row-major (null otherwise). The loss receives them as an NDList in that order.
   */
  public record Targets(int[] labels, float[] teacherLogits) {
    public static Targets labels(int[] labels) {
      return new Targets(labels, null);
    }
  }

  /** Thrown when the loss diverges ({@link #DIVERGED_LOSS}); the stage turns it into an error naming its config keys. */
  public static final class DivergedException extends RuntimeException {
    DivergedException(int epoch) {
      super("loss became NaN, infinite or larger than " + DIVERGED_LOSS + " in epoch " + epoch);
    }
  }

  /**
   * Creates and initialises the network for inputs {@code (batch, window, features)}. libtorch's
   * generator is seeded here, so networks built with the same plan start from the same weights
   * (the baseline and every distilled student get the same start and the same batch order).
   */
  public Learner(Block block, Loss loss, TrainingPlan plan, int window, int features, StageLog log) {
    NativePlatform.startEngine().setRandomSeed((int) plan.seed());
    this.loss = loss;
    this.plan = plan;
    this.log = log;
    this.model = Model.newInstance(plan.label(), Device.cpu(), "PyTorch");
    model.setBlock(block);
    Optimizer adamW = Optimizer.adamW()
        .optLearningRateTracker(Tracker.fixed((float) plan.learningRate()))
        .optWeightDecays((float) plan.weightDecay())
        .build();
    this.trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(adamW).optDevices(new Device[] {Device.cpu()}));
    trainer.initialize(new Shape(plan.batchSize(), window, features));
  }

  /**
   * Trains up to {@code plan.epochs()} epochs, stopping after {@code plan.patience()} epochs without
   * a better {@code plan.selectBy()} on validation, and leaves the network holding the weights of its
   * best epoch.
   */
  public TrainingCurves fit(TrainingData.Split train, Targets trainTargets, TrainingData.Split validation,
                            Targets validationTargets, int majorityClass) {
    List<TrainingCurves.Epoch> epochs = new ArrayList<>();
    Random shuffle = new Random(plan.seed());
    int[] order = new int[train.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Map<String, float[]> bestWeights = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    int bestEpoch = 0;
    long trainNanos = 0;
    long trainedSamples = 0;
    boolean stoppedEarly = false;
    for (int epoch = 1; epoch <= plan.epochs(); epoch++) {
      long start = System.nanoTime();
      shuffle(order, shuffle);
      double trainLoss = trainEpoch(train, trainTargets, order, epoch);
      long trained = System.nanoTime();
      trainNanos += trained - start;
      trainedSamples += train.size();
      float[] validationLogits = logits(validation);
      double validationLoss = lossOf(validationLogits, validationTargets);
      ClassificationMetrics metrics = ClassificationMetrics.ofLogits(validation.labels(), validationLogits, majorityClass);
      double seconds = (System.nanoTime() - start) / 1e9;
      epochs.add(new TrainingCurves.Epoch(epoch, trainLoss, validationLoss, metrics.accuracy(), metrics.macroF1(),
          (trained - start) / 1e9, seconds));
      double score = plan.selectBy().score(validationLoss, metrics.macroF1(), metrics.balancedAccuracy());
      if (score > bestScore) {
        bestScore = score;
        bestEpoch = epoch;
        bestWeights = weights();
      }
      logEpoch(epochs, train.size());
      if (plan.patience() > 0 && epoch - bestEpoch >= plan.patience() && epoch < plan.epochs()) {
        log.info(plan.stage() + ": " + plan.label() + ": no better " + plan.selectBy().description() + " for " + plan.patience()
            + " epochs; stopping early and keeping epoch " + bestEpoch);
        stoppedEarly = true;
        break;
      }
    }
    if (bestWeights == null) {
      throw new DivergedException(epochs.size());
    }
    setWeights(bestWeights);
    return new TrainingCurves(plan.label(), List.copyOf(epochs), bestEpoch, stoppedEarly, trainedSamples / (trainNanos / 1e9));
  }

  /** The network's logits {@code (n, 3)} row-major in evaluation mode (batch norm running statistics, no dropout). */
  public float[] logits(TrainingData.Split split) {
    float[] logits = new float[split.size() * CLASSES];
    for (int from = 0; from < split.size(); from += plan.batchSize()) {
      int count = Math.min(plan.batchSize(), split.size() - from);
      try (NDManager scope = trainer.getManager().newSubManager()) {
        NDArray x = inputsOf(scope, split, null, from, count);
        float[] out = trainer.evaluate(new NDList(x)).singletonOrThrow().toFloatArray();
        System.arraycopy(out, 0, logits, from * CLASSES, out.length);
      }
    }
    return logits;
  }

  /**
   * The gradient of the plan's loss over {@code samples} of {@code split} (one batch) with respect to
   * {@code parameter}, computed in evaluation mode: no dropout, so the same weights always give the
   * same gradient, as finite differences of gradients need. Leaves every gradient at zero, as a
   * training step expects to find them.
   */
  public float[] gradient(Parameter parameter, TrainingData.Split split, Targets targets, int[] samples) {
    zeroGradients();
    try (NDManager scope = trainer.getManager().newSubManager()) {
      NDArray x = inputsOf(scope, split, samples, 0, samples.length);
      NDList sampleTargets = targetsOf(scope, targets, samples, 0, samples.length);
      try (GradientCollector gradients = trainer.newGradientCollector()) {
        gradients.backward(loss.evaluate(sampleTargets, trainer.evaluate(new NDList(x))));
      }
      try (NDArray gradient = parameter.getArray().getGradient()) {
        return gradient.toFloatArray();
      }
    } finally {
      zeroGradients();
    }
  }

  private void zeroGradients() {
    for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
      if (parameter.getValue().requiresGradient()) {
        // a handle of the model's manager, closed at once (see clipGradients)
        try (NDArray gradient = parameter.getValue().getArray().getGradient()) {
          gradient.subi(gradient);
        }
      }
    }
  }

  /** Every parameter (running statistics included) by DJL's parameter name, copied out of libtorch. */
  private Map<String, float[]> weights() {
    Map<String, float[]> weights = new LinkedHashMap<>();
    for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
      weights.put(parameter.getKey(), parameter.getValue().getArray().toFloatArray());
    }
    return weights;
  }

  /** The mean of the plan's loss over the given logits and targets, without touching gradients. */
  private double lossOf(float[] logits, Targets targets) {
    try (NDManager scope = trainer.getManager().newSubManager()) {
      NDArray predictions = scope.create(logits, new Shape(logits.length / CLASSES, CLASSES));
      return loss.evaluate(targetsOf(scope, targets, null, 0, targets.labels().length), new NDList(predictions)).getFloat();
    }
  }

  @Override
  public void close() {
    trainer.close();
    model.close();
  }

  private double trainEpoch(TrainingData.Split train, Targets targets, int[] order, int epoch) {
    double lossSum = 0;
    for (int from = 0; from < order.length; from += plan.batchSize()) {
      int count = Math.min(plan.batchSize(), order.length - from);
      try (NDManager scope = trainer.getManager().newSubManager()) {
        NDArray x = inputsOf(scope, train, order, from, count);
        NDList batchTargets = targetsOf(scope, targets, order, from, count);
        float batchLoss;
        try (GradientCollector gradients = trainer.newGradientCollector()) {
          NDArray value = loss.evaluate(batchTargets, trainer.forward(new NDList(x)));
          gradients.backward(value);
          batchLoss = value.getFloat();
        }
        if (!Float.isFinite(batchLoss) || batchLoss > DIVERGED_LOSS) {
          throw new DivergedException(epoch);
        }
        clipGradients();
        trainer.step();
        lossSum += (double) batchLoss * count;
      }
    }
    return lossSum / order.length;
  }

  /**
   * Inputs {@code (count, window, features)} of samples {@code order[from..from+count)} (or
   * {@code from..from+count} when order is null), gathered straight into {@link #batchInputs}: one
   * copy per batch, and no per-batch direct buffer left for the garbage collector to free.
   */
  private NDArray inputsOf(NDManager scope, TrainingData.Split split, int[] order, int from, int count) {
    int inputSize = split.inputSize();
    if (batchInputs.capacity() < count * inputSize * Float.BYTES) {
      batchInputs = trainer.getManager().allocateDirect(count * inputSize * Float.BYTES);
    }
    FloatBuffer batch = batchInputs.clear().asFloatBuffer();
    if (order == null) {
      batch.put(split.features(), from * inputSize, count * inputSize);
    } else {
      for (int i = 0; i < count; i++) batch.put(split.features(), order[from + i] * inputSize, inputSize);
    }
    batchInputs.limit(count * inputSize * Float.BYTES);
    return scope.create(batchInputs, new Shape(count, split.window(), split.featureCount()), DataType.FLOAT32);
  }

  /** Targets for samples {@code order[from..from+count)} (or {@code from..from+count} when order is null). */
  private static NDList targetsOf(NDManager scope, Targets targets, int[] order, int from, int count) {
    long[] labels = new long[count];
    float[] teacher = targets.teacherLogits() == null ? null : new float[count * CLASSES];
    for (int i = 0; i < count; i++) {
      int sample = order == null ? from + i : order[from + i];
      labels[i] = targets.labels()[sample];
      if (teacher != null) System.arraycopy(targets.teacherLogits(), sample * CLASSES, teacher, i * CLASSES, CLASSES);
    }
    NDList list = new NDList(scope.create(labels));
    if (teacher != null) list.add(scope.create(teacher, new Shape(count, CLASSES)));
    return list;
  }

  /** Scales all gradients together so their global L2 norm is at most {@code plan.gradientClip()}. */
  private void clipGradients() {
    if (plan.gradientClip() <= 0) return;
    List<NDArray> gradients = new ArrayList<>();
    try {
      double squares = 0;
      for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
        if (parameter.getValue().requiresGradient()) {
          // each handle (the gradient's, its square's, the sum's) belongs to the model's manager, which lives
          // as long as training: closed here, or native memory grows by a few handles per parameter and batch
          NDArray gradient = parameter.getValue().getArray().getGradient();
          gradients.add(gradient);
          try (NDArray square = gradient.square(); NDArray sum = square.sum()) {
            squares += sum.getFloat();
          }
        }
      }
      double norm = Math.sqrt(squares);
      if (norm > plan.gradientClip()) {
        float scale = (float) (plan.gradientClip() / (norm + 1e-6));
        for (NDArray gradient : gradients) gradient.muli(scale);
      }
    } finally {
      // closes the handles only: the gradients themselves stay with their parameters for the optimiser step
      gradients.forEach(NDArray::close);
    }
  }

  private void setWeights(Map<String, float[]> weights) {
    for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
      parameter.getValue().getArray().set(weights.get(parameter.getKey()));
    }
  }

  /** One progress line: losses, validation metrics, epoch time, throughput and an upper bound on the time left. */
  private void logEpoch(List<TrainingCurves.Epoch> epochs, int trainSize) {
    TrainingCurves.Epoch last = epochs.get(epochs.size() - 1);
    double meanSeconds = epochs.stream().mapToDouble(TrainingCurves.Epoch::seconds).average().orElseThrow();
    long etaSeconds = Math.round(meanSeconds * (plan.epochs() - last.epoch()));
    log.info(String.format(Locale.ROOT,
        "%s: %s epoch %d/%d  train loss %.4f  val loss %.4f  val acc %.3f  val macro-F1 %.3f  %.1fs (%.0f samples/s)  ETA <= %dm%02ds",
        plan.stage(), plan.label(), last.epoch(), plan.epochs(), last.trainLoss(), last.validationLoss(),
        last.validationAccuracy(), last.validationMacroF1(), last.seconds(), trainSize / last.trainSeconds(),
        etaSeconds / 60, etaSeconds % 60));
  }

  private static void shuffle(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }
}
