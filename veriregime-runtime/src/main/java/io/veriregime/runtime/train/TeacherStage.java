package io.veriregime.runtime.train;

import io.veriregime.runtime.Stage;
import io.veriregime.runtime.StageContext;
import io.veriregime.runtime.StageResult;
import io.veriregime.runtime.artifact.Fingerprint;
import io.veriregime.runtime.artifact.StageWorkspace;
import io.veriregime.runtime.experiment.ClassWeights;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.TeacherConfig;
import io.veriregime.runtime.process.ChildJvm;
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

  public static final String NAME = "train-teacher";
  /** The stage directory under the output root. */
  public static final String DIRECTORY = "teacher";
  /** The model directory inside the stage directory. */
  public static final String MODEL = "model";

  /** Where the teacher's logits on one split are written inside {@code teacher/model/}. */
  public static String logitsFile(String split) {
    return split + ".logits.npy";
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StageResult run(StageContext ctx) {
    if (!ctx.inChildJvm()) {
      return ChildJvm.runStage(ctx, NAME);
    }
    Experiment experiment = ctx.experiment();
    TeacherConfig config = experiment.config().teacher();
    long seed = experiment.config().seed();
    Path dataDir = ctx.stageDir("data");
    StageWorkspace workspace = StageWorkspace.open(ctx.stageDir(DIRECTORY), NAME, ctx.log());
    Fingerprint fp = Dataset.trainingFingerprint(dataDir, NAME, seed).config(config).build();
    Optional<StageResult> reused = workspace.reuse(fp);
    if (reused.isPresent()) {
      return reused.get();
    }
    workspace.begin();
    Dataset dataset = Dataset.load(dataDir, NAME);
    ctx.log().info(NAME + ": " + dataset.train().size() + " train / " + dataset.validation().size() + " validation / "
        + dataset.test().size() + " test windows of " + dataset.train().window() + "x" + dataset.train().featureCount());
    ModelMetrics metrics = train(experiment, dataset, workspace.file(MODEL), ctx);
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

  private static ModelMetrics train(Experiment experiment, Dataset dataset, Path modelDir, StageContext ctx) {
    TeacherConfig config = experiment.config().teacher();
    float[] classWeights = config.classWeights() == ClassWeights.BALANCED
        ? CrossEntropyLoss.balancedWeights(dataset.train().labels()) : null;
    TrainingPlan plan = new TrainingPlan(NAME, "teacher", config.epochs(), config.batchSize(), config.learningRate(),
        config.weightDecay(), config.patience(), 0, experiment.config().seed());
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
      for (String split : Dataset.SPLITS) {
        logits.put(split, learner.logits(dataset.split(split)));
      }
      ModelMetrics metrics = ModelMetrics.of("teacher", dataset, logits.get("validation"), logits.get("test"), curves);
      ModelDirectory.write(modelDir, network, dataset, logits.get("test"), metrics, curves);
      for (String split : List.of("train", "validation")) {
        ModelDirectory.writeLogits(modelDir.resolve(logitsFile(split)), logits.get(split));
      }
      return metrics;
    }
  }
}
