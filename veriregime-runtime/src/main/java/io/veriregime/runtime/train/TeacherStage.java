package io.veriregime.runtime.train;

import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.experiment.ClassWeights;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.experiment.TeacherConfig;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.model.ModelDirectory;
import io.veriregime.runtime.model.ModelMetrics;
import io.veriregime.runtime.model.TrainingCurves;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code train-teacher}: trains the 1-D CNN teacher on the dataset of fetch-data and writes
 * {@code teacher/model/} (model.json, weights, test logits, metrics, curves) plus the teacher's
 * logits on the train and validation splits, which distill reuses instead of recomputing them.
 */
public final class TeacherStage implements Stage {

  static final String NAME = StageId.TRAIN_TEACHER.goal();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Isolation isolation() {
    return Isolation.CHILD_JVM;
  }

  /** The seed and the {@code teacher:} section (compute settings change speed, not results). */
  @Override
  public Object configuration(ExperimentConfig config) {
    return Map.of("seed", config.seed(), "teacher", config.teacher());
  }

  private Fingerprint fingerprint(StageContext ctx) {
    return TrainingData.trainingFingerprint(ctx.layout(), NAME, ctx.log())
        .config("configuration", configuration(ctx.experiment().config())).build();
  }

  @Override
  public Optional<StageResult> reusable(StageContext ctx) {
    return ctx.workspace(NAME, ctx.layout().teacherDir()).reuse(fingerprint(ctx));
  }

  @Override
  public StageResult run(StageContext ctx) {
    Experiment experiment = ctx.experiment();
    TeacherConfig config = experiment.config().teacher();
    Layout layout = ctx.layout();
    StageWorkspace workspace = ctx.workspace(NAME, layout.teacherDir());
    Fingerprint fp = fingerprint(ctx);
    Optional<StageResult> reused = workspace.reuseOrBegin(fp);
    if (reused.isPresent()) {
      return reused.get();
    }
    TrainingData dataset = TrainingData.load(layout, NAME);
    ctx.log().info(NAME + ": " + dataset.train().size() + " train / " + dataset.validation().size() + " validation / "
        + dataset.test().size() + " test windows of " + dataset.train().window() + "x" + dataset.train().featureCount());
    ModelMetrics metrics = train(experiment, dataset, layout, ctx);
    ctx.log().info(NAME + ": " + metrics.summary());
    Map<String, Object> manifestMetrics = new LinkedHashMap<>();
    manifestMetrics.put("testAccuracy", metrics.test().accuracy());
    manifestMetrics.put("testMacroF1", metrics.test().macroF1());
    manifestMetrics.put("testMajorityBaselineAccuracy", metrics.test().majorityBaseline().accuracy());
    manifestMetrics.put("validationAccuracy", metrics.validation().accuracy());
    manifestMetrics.put("bestEpoch", metrics.bestEpoch());
    manifestMetrics.put("epochsRun", metrics.epochsRun());
    return workspace.complete(fp, manifestMetrics);
  }

  private static ModelMetrics train(Experiment experiment, TrainingData dataset, Layout layout, StageContext ctx) {
    TeacherConfig config = experiment.config().teacher();
    float[] classWeights = config.classWeights() == ClassWeights.BALANCED
        ? CrossEntropyLoss.balancedWeights(dataset.train().labels()) : null;
    TrainingPlan plan = new TrainingPlan(NAME, "teacher", config.epochs(), config.batchSize(), config.learningRate(),
        config.weightDecay(), config.patience(), 0, experiment.config().seed(), config.selectBy());
    TeacherNetwork network = new TeacherNetwork();
    try (Learner learner = new Learner(network.block(), new CrossEntropyLoss(config.labelSmoothing(), classWeights),
        plan, dataset.train().window(), dataset.train().featureCount(), ctx.log())) {
      Learner.Targets trainTargets = Learner.Targets.labels(dataset.train().labels());
      TrainingCurves curves;
      try {
        curves = learner.fit(dataset.train(), trainTargets, dataset.validation(),
            Learner.Targets.labels(dataset.validation().labels()),
            ClassificationMetrics.majorityClass(dataset.train().labels()));
      } catch (Learner.DivergedException e) {
        throw experiment.error("teacher.learningRate", "the teacher's training diverged: its " + e.getMessage(),
            "Lower teacher.learningRate (e.g. to " + config.learningRate() / 3 + ") and run train-teacher again.");
      }
      // logits of the best weights, computed once here: distill reuses the train/validation ones
      Map<String, float[]> logits = new LinkedHashMap<>();
      for (String split : Layout.SPLITS) {
        logits.put(split, learner.logits(dataset.split(split)));
      }
      ModelMetrics metrics = dataset.metrics("teacher", logits.get("validation"), logits.get("test"), curves);
      ModelDirectory.write(layout.teacherModel(), network.definition(dataset.test().sampleShape()), logits.get("test"),
          metrics, curves);
      for (String split : List.of("train", "validation")) {
        ModelDirectory.writeLogits(layout.teacherLogits(split), logits.get(split));
      }
      return metrics;
    }
  }
}
