package io.veriregime.runtime.optimize;

import ai.djl.training.loss.Loss;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.distill.DistillStage;
import io.veriregime.runtime.distill.HiddenActivation;
import io.veriregime.runtime.distill.StudentNetwork;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.experiment.OptimizeCandidate;
import io.veriregime.runtime.experiment.OptimizeConfig;
import io.veriregime.runtime.experiment.StudentConfig;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.model.Layer;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.model.ModelDirectory;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.model.ModelMetrics;
import io.veriregime.runtime.model.TrainingCurves;
import io.veriregime.runtime.onnx.OnnxCheck;
import io.veriregime.runtime.onnx.OnnxCheckResult;
import io.veriregime.runtime.onnx.OnnxExporter;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Upstream;
import io.veriregime.runtime.train.Learner;
import io.veriregime.runtime.train.TeacherStage;
import io.veriregime.runtime.train.TrainingData;
import io.veriregime.runtime.train.TrainingPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code optimize}: fine-tunes cheaper-to-prove variants of the distilled student (other
 * activations) with the same seeded budget and the loss distill chose, measures each one's accuracy
 * and the circuit the proving backend compiles for that exact model, and chooses the student
 * zk-compile proves: the cheapest whose validation score stays within {@code optimize.maxDrop} of the
 * distilled student's. Writes {@code optimize/candidates/<name>/} (model directory, ONNX export and
 * circuit), {@code optimize/selection.json} ({@link Selection}) and the chosen model again as
 * {@code optimize/student/} (see {@code Layout.studentSource()}).
 */
public final class OptimizeStage implements Stage {

  public static final String NAME = "optimize";
  /** Test samples each candidate's ONNX export is checked on in ONNX Runtime against its DJL logits. */
  private static final int ONNX_CHECK_SAMPLES = 64;
  private static final String ONNX = "student.onnx";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Isolation isolation() {
    return Isolation.CHILD_JVM;
  }

  /**
   * The seed, the {@code optimize:} section, the {@code student:} section (the fine-tuning budget
   * reuses its batch size, weight decay, clipping and dropout) and what of {@code zk:} decides a
   * circuit (each candidate's cost is measured with it).
   */
  @Override
  public Object configuration(ExperimentConfig config) {
    return Map.of("seed", config.seed(), "student", config.student(), "optimize", config.optimize(),
        "circuit", ProvingBackends.circuitConfiguration(config.zk()));
  }

  @Override
  public StageResult run(StageContext ctx) {
    Experiment experiment = ctx.experiment();
    Layout layout = ctx.layout();
    StageWorkspace workspace = ctx.workspace(NAME, layout.optimizeDir());
    if (experiment.config().optimize().skip()) {
      // nothing is read: zk-compile takes the distilled student from distill (Layout.studentSource)
      Fingerprint fingerprint = Fingerprint.builder().config("optimize.skip", true).build();
      Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
      if (reused.isPresent()) {
        return reused.get();
      }
      ctx.log().info(NAME + ": optimize.skip is set; zk-compile proves the distilled student");
      JsonFiles.write(layout.optimizeSelection(), Selection.ofSkipped());
      return workspace.complete(fingerprint, Map.of("skipped", true));
    }
    Fingerprint.Builder builder = TrainingData.trainingFingerprint(layout, NAME, ctx.log())
        .config("configuration", configuration(experiment.config()))
        .tool(experiment.config().zk().backend().yamlName(), ProvingBackends.pinnedVersion(experiment.config().zk().backend()));
    Upstream teacher = Upstream.verify(layout.teacherDir(), TeacherStage.NAME, ctx.log());
    for (String split : List.of("train", "validation")) {
      builder.input("teacher/" + layout.teacherLogits(split).getFileName(), teacher, layout.teacherLogits(split));
    }
    Upstream distill = Upstream.verify(layout.distillDir(), DistillStage.NAME, ctx.log());
    builder.input("distill/summary.json", distill, layout.distillSummary());
    distill.outputsUnder(layout.distilledStudent())
        .forEach((file, sha256) -> builder.inputHash("distill/distilled/" + file, sha256));
    Fingerprint fingerprint = builder.build();
    Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
    if (reused.isPresent()) {
      return reused.get();
    }
    Selection selection = new Optimization(ctx).run();
    JsonFiles.write(layout.optimizeSelection(), selection);
    Selection.Candidate chosen = selection.candidates().stream()
        .filter(c -> c.name().equals(selection.chosen())).findFirst().orElseThrow();
    copyModel(layout.optimizeDir().resolve(chosen.directory()), layout.optimizedStudent());
    ctx.log().info(NAME + ": chose " + chosen.name() + ": " + selection.reason());
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("chosen", chosen.name());
    metrics.put("chosenRows", chosen.cost().rows());
    metrics.put("distilledRows", selection.candidates().get(0).cost().rows());
    metrics.put("chosenValidationDrop", chosen.validationDrop());
    return workspace.complete(fingerprint, metrics);
  }

  /**
   * The chosen model directory, copied byte for byte, so its ONNX export (and hash) is the one
   * measured for the candidate.
   */
  private static void copyModel(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        Path relative = from.relativize(file);
        if (!relative.startsWith("circuit")) {
          AtomicFiles.write(to.resolve(relative.toString()), Files.readAllBytes(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One run: the distilled student measured as it is, then each candidate fine-tuned and measured. */
  private static final class Optimization {
    private final StageContext ctx;
    private final Layout layout;
    private final OptimizeConfig config;
    private final StudentConfig student;
    private final TrainingData dataset;
    private final Map<String, Learner.Targets> targets = new LinkedHashMap<>();
    private final ModelDefinition distilled;
    private final ModelMetrics distilledMetrics;
    private final Loss loss;
    private final ProvingBackend backend;
    private final Npy.FloatArray calibration;

    Optimization(StageContext ctx) {
      this.ctx = ctx;
      this.layout = ctx.layout();
      this.config = ctx.experiment().config().optimize();
      this.student = ctx.experiment().config().student();
      this.dataset = TrainingData.load(layout, NAME);
      for (String split : List.of("train", "validation")) {
        float[] teacher = DistillStage.readTeacherLogits(layout.teacherLogits(split), dataset.split(split));
        targets.put(split, new Learner.Targets(dataset.split(split).labels(), teacher));
      }
      this.distilled = ModelDefinition.read(layout.distilledStudent());
      this.distilledMetrics = JsonFiles.read(ModelFiles.metrics(layout.distilledStudent()), ModelMetrics.class);
      this.loss = DistillStage.keptStudentLoss(layout, student, dataset);
      this.backend = ProvingBackends.provision(ctx.experiment(), ctx.offline(), ctx.proxies(), ctx.log().prefixed(NAME + ": "));
      this.calibration = Npy.readFloat(layout.features("validation"));
    }

    Selection run() {
      List<Selection.Candidate> candidates = new ArrayList<>();
      Selection.Candidate reference = measure(Selection.DISTILLED, describe(distilled), layout.distilledStudent(),
          distilledMetrics, List.of());
      if (!reference.measured()) {
        throw new VeriRegimeException(NAME + ": the distilled student itself could not be compiled: " + reference.failure()
            + ". Fix that first (see zk-compile's advice), or set optimize.skip: true.");
      }
      candidates.add(reference);
      for (OptimizeCandidate candidate : config.candidates()) {
        candidates.add(candidate == OptimizeCandidate.PTQ ? quantiseAndMeasure() : fineTuneAndMeasure(candidate));
      }
      String select = config.select() == null ? null : config.select().yamlName();
      candidates.stream().filter(c -> c.name().equals(select) && !c.measured()).findFirst().ifPresent(c -> {
        throw ctx.experiment().error("optimize.select", "pins " + select + ", which could not be measured: " + c.failure(),
            "Pin another candidate or remove optimize.select.");
      });
      return Selection.choose(candidates, config.metric(), config.maxDrop(), select);
    }

    private Selection.Candidate fineTuneAndMeasure(OptimizeCandidate candidate) {
      String name = candidate.yamlName();
      List<ActivationFit> fits = switch (candidate) {
        case RELU_FIT -> LayerFits.fit(distilled, dataset.train(), ActivationFit::relu, config.fitDegree());
        case GELU_FIT -> LayerFits.fit(distilled, dataset.train(), ActivationFit::gelu, config.fitDegree());
        default -> List.of();
      };
      HiddenActivation activation = switch (candidate) {
        case RELU -> new HiddenActivation.Relu();
        case SQUARE -> new HiddenActivation.Square();
        case POLY2 -> new HiddenActivation.Learnable(true, 2);
        case POLY3 -> new HiddenActivation.Learnable(true, 3);
        case RELU_FIT, GELU_FIT -> new HiddenActivation.Fixed(fits.stream().map(ActivationFit::coefficients).toList());
        case PTQ -> throw new IllegalArgumentException("ptq is not fine-tuned");
      };
      TrainingPlan plan = new TrainingPlan(NAME, name, config.epochs(), student.batchSize(), config.learningRate(),
          student.weightDecay(), 0, student.gradientClip(), ctx.experiment().config().seed(), student.selectBy());
      StudentNetwork network = new StudentNetwork(student.hidden(), student.dropout(), activation, dataset.train().inputSize());
      Path modelDir = layout.optimizeCandidate(name);
      ModelMetrics metrics;
      try (Learner learner = new Learner(network.block(), loss, plan, dataset.train().window(),
          dataset.train().featureCount(), ctx.log())) {
        network.loadWeights(distilled);
        TrainingCurves curves = learner.fit(dataset.train(), targets.get("train"), dataset.validation(),
            targets.get("validation"), ClassificationMetrics.majorityClass(dataset.train().labels()));
        float[] testLogits = learner.logits(dataset.test());
        metrics = dataset.metrics(name, learner.logits(dataset.validation()), testLogits, curves);
        ModelDirectory.write(modelDir, network.definition(dataset.test().sampleShape()), testLogits, metrics, curves);
      } catch (Learner.DivergedException e) {
        ctx.log().warn(NAME + ": " + name + ": fine-tuning diverged (" + e.getMessage() + "); it cannot be chosen");
        return failed(name, name, "fine-tuning diverged: " + e.getMessage());
      }
      return measure(name, describe(ModelDefinition.read(modelDir)), modelDir, metrics, fits);
    }

    /**
     * The distilled student with its linear weights on a {@code optimize.bits} grid, scored with
     * DJL (the same network, its activations fixed at the learnt values) and measured as it is.
     */
    private Selection.Candidate quantiseAndMeasure() {
      String name = OptimizeCandidate.PTQ.yamlName();
      ModelDefinition quantised = new ModelDefinition(distilled.kind(), distilled.input(), distilled.classes(),
          UniformQuantiser.quantiseLinears(distilled.layers(), config.bits()));
      TrainingPlan plan = new TrainingPlan(NAME, name, 1, student.batchSize(), config.learningRate(),
          student.weightDecay(), 0, student.gradientClip(), ctx.experiment().config().seed(), student.selectBy());
      StudentNetwork network = new StudentNetwork(student.hidden(), student.dropout(), activationOf(distilled),
          dataset.train().inputSize());
      Path modelDir = layout.optimizeCandidate(name);
      ModelMetrics metrics;
      try (Learner learner = new Learner(network.block(), loss, plan, dataset.train().window(),
          dataset.train().featureCount(), ctx.log())) {
        network.loadWeights(quantised);
        float[] testLogits = learner.logits(dataset.test());
        TrainingCurves none = new TrainingCurves(name, List.of(), 0, false, 0);
        metrics = dataset.metrics(name, learner.logits(dataset.validation()), testLogits, none);
        ModelDirectory.write(modelDir, quantised, testLogits, metrics, none);
      }
      return measure(name, describe(quantised) + " " + config.bits() + "-bit", modelDir, metrics, List.of());
    }

    /** The distilled student's hidden activations, with learnt polynomials held at their learnt values. */
    private static HiddenActivation activationOf(ModelDefinition model) {
      List<Layer> activations = model.layers().stream()
          .filter(layer -> !(layer instanceof Layer.Flatten || layer instanceof Layer.Linear)).toList();
      if (activations.get(0) instanceof Layer.Relu) {
        return new HiddenActivation.Relu();
      } else if (activations.get(0) instanceof Layer.Square) {
        return new HiddenActivation.Square();
      }
      return new HiddenActivation.Fixed(activations.stream().map(layer -> ((Layer.Poly) layer).coefficients()).toList());
    }

    /** Exports the model, checks the export in ONNX Runtime, and has the backend compile it for its cost. */
    private Selection.Candidate measure(String name, String activation, Path modelDir, ModelMetrics metrics,
                                        List<ActivationFit> fits) {
      Path circuitDir = layout.optimizeCandidate(name).resolve("circuit");
      Path onnx = circuitDir.resolve(ONNX);
      OnnxExporter.export(modelDir, onnx);
      OnnxCheckResult check = OnnxCheck.check(onnx, modelDir, layout.features("test"), ONNX_CHECK_SAMPLES,
          OnnxCheck.DEFAULT_TOLERANCE);
      CircuitCost cost;
      try {
        cost = backend.compile(name, onnx, calibration, circuitDir, "student").cost();
      } catch (VeriRegimeException e) {
        ctx.log().warn(NAME + ": " + name + ": the proving backend could not compile it; it cannot be chosen: " + e.getMessage());
        return failed(name, activation, "the proving backend could not compile it: " + e.getMessage());
      }
      Selection.Scores validation = Selection.Scores.of(metrics.validation());
      Selection.Scores test = Selection.Scores.of(metrics.test());
      Selection.Scores reference = Selection.Scores.of(distilledMetrics.validation());
      Selection.Scores referenceTest = Selection.Scores.of(distilledMetrics.test());
      double validationDrop = reference.on(config.metric()) - validation.on(config.metric());
      double testDrop = referenceTest.on(config.metric()) - test.on(config.metric());
      ctx.log().info(String.format(Locale.ROOT, "%s: %-9s %-22s validation accuracy %.4f macro-F1 %.4f (drop %+.4f);"
              + " test accuracy %.4f macro-F1 %.4f; circuit %,d rows, logrows %d", NAME, name, activation,
          validation.accuracy(), validation.macroF1(), validationDrop, test.accuracy(), test.macroF1(), cost.rows(),
          cost.logrows()));
      return new Selection.Candidate(name, activation, relative(modelDir), validation, test, validationDrop, testDrop,
          relative(onnx), Hashing.sha256(onnx), check.maxAbsDifference(), cost, fits, null);
    }

    private Selection.Candidate failed(String name, String activation, String failure) {
      return new Selection.Candidate(name, activation, relative(layout.optimizeCandidate(name)), null, null, Double.NaN,
          Double.NaN, null, null, Double.NaN, null, List.of(), failure);
    }

    /** Paths in selection.json are relative to optimize/ (the distilled student's leads back into distill/). */
    private String relative(Path path) {
      return layout.optimizeDir().relativize(path).toString().replace('\\', '/');
    }

    /** The hidden activations as model.json has them, e.g. {@code square} or {@code poly(3)}. */
    private static String describe(ModelDefinition model) {
      return model.layers().stream()
          .filter(layer -> !(layer instanceof Layer.Flatten || layer instanceof Layer.Linear))
          .map(layer -> layer instanceof Layer.Poly poly ? "poly" + poly.degree() : layer.type())
          .distinct().reduce((a, b) -> a + "," + b).orElse("none");
    }
  }
}
