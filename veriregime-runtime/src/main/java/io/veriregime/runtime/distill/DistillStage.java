package io.veriregime.runtime.distill;

import ai.djl.training.loss.Loss;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Upstream;
import io.veriregime.runtime.experiment.ClassWeights;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.SelectionMetric;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.experiment.StudentConfig;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.train.CrossEntropyLoss;
import io.veriregime.runtime.train.TrainingData;
import io.veriregime.runtime.train.Learner;
import io.veriregime.runtime.train.TrainingPlan;
import io.veriregime.runtime.model.Classes;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.model.ModelDirectory;
import io.veriregime.runtime.model.ModelMetrics;
import io.veriregime.runtime.model.TrainingCurves;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code distill}: trains two students with the same budget and starting weights: a baseline on the
 * labels alone ({@code distill/baseline/}) and distilled ones from the teacher's logits, one per
 * point of the temperature × alpha grid, keeping the best on validation ({@code distill/distilled/});
 * {@code distill/summary.json} records the grid, the choice and retention against the teacher.
 *
 * <p>The teacher's logits are the ones train-teacher computed once per split; they are read, never
 * recomputed.
 */
public final class DistillStage implements Stage {

  static final String NAME = StageId.DISTILL.goal();
  static final String BASELINE = "baseline";
  static final String DISTILLED = "distilled";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Isolation isolation() {
    return Isolation.CHILD_JVM;
  }

  /** The seed and the {@code student:} and {@code distill:} sections. */
  @Override
  public Object configuration(ExperimentConfig config) {
    return Map.of("seed", config.seed(), "student", config.student(), "distill", config.distill());
  }

  /** The training data, the configuration and the teacher's logits, each checked against its manifest. */
  private Fingerprint fingerprint(StageContext ctx) {
    Layout layout = ctx.layout();
    Fingerprint.Builder fingerprint = TrainingData.trainingFingerprint(layout, NAME, ctx.log())
        .config("configuration", configuration(ctx.experiment().config()));
    for (String split : Layout.SPLITS) {
      Path logits = layout.teacherLogits(split);
      if (!Files.isRegularFile(logits)) {
        throw new VeriRegimeException(NAME + " needs the teacher's logits " + logits + ", which do not exist."
            + " Run train-teacher first (mvn veriregime:train-teacher, or the whole build) with the same output directory.");
      }
    }
    Upstream teacher = Upstream.verify(layout.teacherDir(), StageId.TRAIN_TEACHER, ctx.log());
    for (String split : Layout.SPLITS) {
      Path logits = layout.teacherLogits(split);
      fingerprint.input("teacher/" + logits.getFileName(), teacher, logits);
    }
    return fingerprint.build();
  }

  @Override
  public Optional<StageResult> reusable(StageContext ctx) {
    return ctx.workspace(NAME, ctx.layout().distillDir()).reuse(fingerprint(ctx));
  }

  @Override
  public StageResult run(StageContext ctx) {
    Experiment experiment = ctx.experiment();
    Layout layout = ctx.layout();
    StageWorkspace workspace = ctx.workspace(NAME, layout.distillDir());
    Fingerprint fp = fingerprint(ctx);
    Optional<StageResult> reused = workspace.reuseOrBegin(fp);
    if (reused.isPresent()) {
      return reused.get();
    }
    TrainingData dataset = TrainingData.load(layout, NAME);
    Map<String, float[]> teacherLogits = new LinkedHashMap<>();
    for (String split : Layout.SPLITS) {
      teacherLogits.put(split, readTeacherLogits(layout.teacherLogits(split), dataset.split(split)));
    }
    DistillSummary summary = new Distillation(experiment, dataset, teacherLogits, layout, ctx).run();
    JsonFiles.write(layout.distillSummary(), summary);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("baselineTestAccuracy", summary.baseline().test().accuracy());
    metrics.put("distilledTestAccuracy", summary.distilled().test().accuracy());
    metrics.put("accuracyRetention", summary.retention().distilled().accuracy());
    metrics.put("macroF1Retention", summary.retention().distilled().macroF1());
    metrics.put("temperature", summary.chosen().temperature());
    metrics.put("alpha", summary.chosen().alpha());
    return workspace.complete(fp, metrics);
  }

  /**
   * The loss the kept distilled student was trained with (the temperature and alpha distill chose),
   * for fine-tuning it further with the same objective. Read only after {@code Upstream.verify}
   * of the distill directory.
   */
  public static Loss keptStudentLoss(Layout layout, StudentConfig config, TrainingData dataset) {
    DistillSummary.Chosen chosen = JsonFiles.read(layout.distillSummary(), DistillSummary.class).chosen();
    return new DistillationLoss(chosen.temperature(), chosen.alpha(), classWeights(config, dataset));
  }

  /** The per-class weights of a student's label term: balanced on the train split, or none (null). */
  static float[] classWeights(StudentConfig config, TrainingData dataset) {
    return config.classWeights() == ClassWeights.BALANCED ? CrossEntropyLoss.balancedWeights(dataset.train().labels()) : null;
  }

  /** The teacher's logits {@code (n, 3)} on one split, checked against the split's size. */
  public static float[] readTeacherLogits(Path file, TrainingData.Split split) {
    Npy.FloatArray logits = Npy.readFloat(file);
    if (logits.shape().length != 2 || logits.shape()[0] != split.size() || logits.shape()[1] != Classes.NAMES.size()) {
      throw new VeriRegimeException(NAME + ": the teacher's logits " + file + " have shape "
          + Arrays.toString(logits.shape()) + " but the " + split.name() + " split has " + split.size()
          + " samples; the teacher was trained on another dataset. Run train-teacher again.");
    }
    return logits.data();
  }

  /** One run of the stage: the baseline, then the grid, writing the kept students as it goes. */
  private static final class Distillation {
    private final Experiment experiment;
    private final StudentConfig config;
    private final TrainingData dataset;
    private final Map<String, float[]> teacherLogits;
    private final Layout layout;
    private final StageContext ctx;
    private final int majorityClass;

    Distillation(Experiment experiment, TrainingData dataset, Map<String, float[]> teacherLogits, Layout layout, StageContext ctx) {
      this.experiment = experiment;
      this.config = experiment.config().student();
      this.dataset = dataset;
      this.teacherLogits = teacherLogits;
      this.layout = layout;
      this.ctx = ctx;
      this.majorityClass = ClassificationMetrics.majorityClass(dataset.train().labels());
    }

    DistillSummary run() {
      ClassificationMetrics teacherTest = ClassificationMetrics.ofLogits(dataset.test().labels(), teacherLogits.get("test"), majorityClass);
      DistillSummary.Scores teacher = new DistillSummary.Scores(teacherTest.accuracy(), teacherTest.macroF1());

      float[] classWeights = classWeights(config, dataset);
      StudentRun baseline = train(BASELINE, new CrossEntropyLoss(0, classWeights), false, layout.baselineStudent(), run -> true);
      SelectionMetric gridMetric = experiment.config().distill().selectBy();
      ctx.log().info(NAME + ": " + baseline.metrics().summary());

      List<DistillSummary.GridPoint> grid = new ArrayList<>();
      StudentRun best = null;
      double bestTemperature = 0;
      double bestAlpha = 0;
      for (double temperature : experiment.config().distill().temperature()) {
        for (double alpha : experiment.config().distill().alpha()) {
          String label = String.format(Locale.ROOT, "distilled T=%s alpha=%s", temperature, alpha);
          StudentRun incumbent = best;
          StudentRun run = train(label, new DistillationLoss(temperature, alpha, classWeights), true,
              layout.distilledStudent(), candidate -> incumbent == null
                  || score(gridMetric, candidate.validation()) > score(gridMetric, incumbent.metrics().validation()));
          grid.add(new DistillSummary.GridPoint(temperature, alpha, run.curves().best().validationLoss(),
              scores(run.metrics().validation()), scores(run.metrics().test()), run.metrics().bestEpoch()));
          if (run.kept()) {
            best = run;
            bestTemperature = temperature;
            bestAlpha = alpha;
          }
        }
      }
      DistillSummary.Student baselineStudent = DistillSummary.Student.of(BASELINE, baseline.metrics());
      DistillSummary.Student distilledStudent = DistillSummary.Student.of(DISTILLED, best.metrics());
      ctx.log().info(NAME + ": kept T=" + bestTemperature + " alpha=" + bestAlpha + "; " + best.metrics().summary());
      DistillSummary.Retentions retention = new DistillSummary.Retentions(
          DistillSummary.retention(baselineStudent.test(), teacher), DistillSummary.retention(distilledStudent.test(), teacher));
      ctx.log().info(String.format(Locale.ROOT, "%s: retention vs teacher (test): baseline accuracy %.3f macro-F1 %.3f;"
              + " distilled accuracy %.3f macro-F1 %.3f", NAME, retention.baseline().accuracy(), retention.baseline().macroF1(),
          retention.distilled().accuracy(), retention.distilled().macroF1()));
      return new DistillSummary(config.activation().name().toLowerCase(Locale.ROOT), DistillSummary.selection(gridMetric), teacher,
          baselineStudent, List.copyOf(grid), new DistillSummary.Chosen(bestTemperature, bestAlpha, DISTILLED),
          distilledStudent, retention, DistillSummary.gain(distilledStudent.test(), baselineStudent.test()));
    }

    private record StudentRun(ModelMetrics metrics, TrainingCurves curves, boolean kept) {}

    /** Trains one student; writes its model directory to {@code modelDir} when {@code keep} accepts its metrics. */
    private StudentRun train(String label, Loss loss, boolean fromTeacher, Path modelDir,
                             Predicate<ModelMetrics> keep) {
      TrainingPlan plan = new TrainingPlan(NAME, label, config.epochs(), config.batchSize(), config.learningRate(),
          config.weightDecay(), config.patience(), config.gradientClip(), experiment.config().seed(), config.selectBy());
      StudentNetwork network = new StudentNetwork(config, dataset.train().inputSize());
      try (Learner learner = new Learner(network.block(), loss, plan, dataset.train().window(),
          dataset.train().featureCount(), ctx.log())) {
        TrainingCurves curves;
        try {
          curves = learner.fit(dataset.train(), targets("train", fromTeacher), dataset.validation(),
              targets("validation", fromTeacher), majorityClass);
        } catch (Learner.DivergedException e) {
          throw experiment.error("student.activation", "the " + label + " student's training diverged: its "
                  + e.getMessage() + " (activation " + config.activation().name().toLowerCase(Locale.ROOT) + ")",
              "Lower student.learningRate (now " + config.learningRate() + ") or student.gradientClip (now "
                  + config.gradientClip() + "), or use activation poly or relu.");
        }
        float[] testLogits = learner.logits(dataset.test());
        ModelMetrics metrics = dataset.metrics(label, learner.logits(dataset.validation()), testLogits, curves);
        boolean kept = keep.test(metrics);
        if (kept) {
          ModelDirectory.write(modelDir, network.definition(dataset.test().sampleShape()), testLogits, metrics, curves);
        }
        return new StudentRun(metrics, curves, kept);
      }
    }

    private Learner.Targets targets(String split, boolean fromTeacher) {
      int[] labels = dataset.split(split).labels();
      return fromTeacher ? new Learner.Targets(labels, teacherLogits.get(split)) : Learner.Targets.labels(labels);
    }

    private static double score(SelectionMetric metric, ClassificationMetrics validation) {
      return metric.score(Double.NaN, validation.macroF1(), validation.balancedAccuracy());
    }

    private static DistillSummary.Scores scores(ClassificationMetrics metrics) {
      return new DistillSummary.Scores(metrics.accuracy(), metrics.macroF1());
    }
  }
}
