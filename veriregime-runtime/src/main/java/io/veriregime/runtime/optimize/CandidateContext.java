package io.veriregime.runtime.optimize;

import ai.djl.training.loss.Loss;
import io.veriregime.runtime.distill.DistillStage;
import io.veriregime.runtime.distill.HiddenActivation;
import io.veriregime.runtime.distill.StudentNetwork;
import io.veriregime.runtime.experiment.OptimizeConfig;
import io.veriregime.runtime.experiment.StudentConfig;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.model.ModelDirectory;
import io.veriregime.runtime.model.ModelMetrics;
import io.veriregime.runtime.model.TrainingCurves;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.train.Learner;
import io.veriregime.runtime.train.TrainingData;
import io.veriregime.runtime.train.TrainingPlan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every {@link CandidateFamily} starts from (the distilled student, the dataset with the
 * teacher's logits, the loss distill kept, the {@code optimize:} and {@code student:} sections) and
 * the DJL work they share: a student network, its learner with the candidates' seeded budget,
 * fine-tuning from the distilled weights, and scoring a model as it is.
 */
final class CandidateContext {

  private final OptimizeConfig config;
  private final StudentConfig student;
  private final long seed;
  private final TrainingData dataset;
  private final Map<String, Learner.Targets> targets;
  private final ModelDefinition distilled;
  private final Loss loss;
  private final Layout layout;
  private final StageLog log;

  private CandidateContext(StageContext ctx, TrainingData dataset, Map<String, Learner.Targets> targets) {
    this.config = ctx.experiment().config().optimize();
    this.student = ctx.experiment().config().student();
    this.seed = ctx.experiment().config().seed();
    this.dataset = dataset;
    this.targets = targets;
    this.layout = ctx.layout();
    this.distilled = ModelDefinition.read(layout.distilledStudent());
    this.loss = DistillStage.keptStudentLoss(layout, student, dataset);
    this.log = ctx.log();
  }

  /** Reads the dataset, the teacher's train and validation logits and the distilled student (all checked by the stage). */
  static CandidateContext load(StageContext ctx) {
    TrainingData dataset = TrainingData.load(ctx.layout(), OptimizeStage.NAME);
    Map<String, Learner.Targets> targets = new LinkedHashMap<>();
    for (String split : List.of("train", "validation")) {
      float[] teacher = DistillStage.readTeacherLogits(ctx.layout().teacherLogits(split), dataset.split(split));
      targets.put(split, new Learner.Targets(dataset.split(split).labels(), teacher));
    }
    return new CandidateContext(ctx, dataset, targets);
  }

  OptimizeConfig config() {
    return config;
  }

  long seed() {
    return seed;
  }

  TrainingData dataset() {
    return dataset;
  }

  Learner.Targets trainTargets() {
    return targets.get("train");
  }

  ModelDefinition distilled() {
    return distilled;
  }

  StageLog log() {
    return log;
  }

  /** Where candidate {@code name}'s model directory goes. */
  Path directory(String name) {
    return layout.optimizeCandidate(name);
  }

  /** A student of the experiment's shape with these hidden activations. */
  StudentNetwork network(HiddenActivation activation) {
    return new StudentNetwork(student.hidden(), student.dropout(), activation, dataset.train().inputSize());
  }

  /** The same, with these linear layers (e.g. fake-quantised ones). */
  StudentNetwork network(HiddenActivation activation, StudentNetwork.LinearLayers linears) {
    return new StudentNetwork(student.hidden(), student.dropout(), activation, dataset.train().inputSize(), linears);
  }

  Learner learner(String name, int epochs, StudentNetwork network) {
    TrainingPlan plan = new TrainingPlan(OptimizeStage.NAME, name, epochs, student.batchSize(), config.learningRate(),
        student.weightDecay(), 0, student.gradientClip(), seed, student.selectBy());
    return new Learner(network.block(), loss, plan, dataset.train().window(), dataset.train().featureCount(), log);
  }

  /** What a fine-tuned network becomes, read while its learner is still open. */
  @FunctionalInterface
  interface Finish {
    CandidateFamily.Built finish(Learner learner, TrainingCurves curves);
  }

  /**
   * Fine-tunes {@code network} from the distilled student's weights with the candidates' seeded
   * budget and the kept distillation loss (the network keeps its best epoch), then finishes it. A
   * divergence is a candidate that cannot be chosen, said here once for every family.
   */
  CandidateFamily.Built fineTune(String name, StudentNetwork network, Finish finish) {
    try (Learner learner = learner(name, config.epochs(), network)) {
      network.loadWeights(distilled);
      TrainingCurves curves = learner.fit(dataset.train(), targets.get("train"), dataset.validation(),
          targets.get("validation"), ClassificationMetrics.majorityClass(dataset.train().labels()));
      return finish.finish(learner, curves);
    } catch (Learner.DivergedException e) {
      log.warn(OptimizeStage.NAME + ": " + name + ": fine-tuning diverged (" + e.getMessage() + "); it cannot be chosen");
      return CandidateFamily.Built.diverged(name, e.getMessage());
    }
  }

  /** Validation and test scores of a model scored with DJL as it is (no training), and its test logits. */
  record Scored(float[] testLogits, ModelMetrics metrics) {}

  Scored score(String name, ModelDefinition model, TrainingCurves curves) {
    StudentNetwork network = network(StudentModels.activationOf(model));
    try (Learner learner = learner(name, 1, network)) {
      network.loadWeights(model);
      float[] testLogits = learner.logits(dataset.test());
      return new Scored(testLogits, dataset.metrics(name, learner.logits(dataset.validation()), testLogits, curves));
    }
  }

  /** Scores {@code model} as it is and writes it as candidate {@code name}, its logits from exactly these weights. */
  CandidateFamily.Built writeScored(String name, String activation, ModelDefinition model, TrainingCurves curves) {
    Path modelDir = directory(name);
    Scored scored = score(name, model, curves);
    ModelDirectory.write(modelDir, model, scored.testLogits(), scored.metrics(), curves);
    return CandidateFamily.Built.of(activation, modelDir, scored.metrics(), List.of());
  }
}
