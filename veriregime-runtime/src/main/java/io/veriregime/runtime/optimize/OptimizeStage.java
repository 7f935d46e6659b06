package io.veriregime.runtime.optimize;

import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.distill.DistillStage;
import io.veriregime.runtime.distill.HiddenActivation;
import io.veriregime.runtime.distill.StudentNetwork;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.experiment.HawqConfig;
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
import io.veriregime.runtime.process.Heartbeat;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
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
        "circuit", ProvingBackends.circuitConfiguration(config.zk(), config.zk().primaryBackend()));
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
        .tool(experiment.config().zk().primaryBackend().yamlName(),
            ProvingBackends.pinnedVersion(experiment.config().zk().primaryBackend()));
    Upstream teacher = Upstream.verify(layout.teacherDir(), TeacherStage.NAME, ctx.log());
    for (String split : List.of("train", "validation")) {
      builder.input("teacher/" + layout.teacherLogits(split).getFileName(), teacher, layout.teacherLogits(split));
    }
    Upstream distill = Upstream.verify(layout.distillDir(), DistillStage.NAME, ctx.log());
    builder.input("distill/summary.json", distill, layout.distillSummary());
    addDistilledStudent(builder, distill, layout.distilledStudent());
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
    selection.candidates().stream().filter(c -> c.mixedPrecision() != null && c.mixedPrecision().circuit() != null)
        .forEach(c -> metrics.put(c.name() + "RowsChangeVsDistilled", c.mixedPrecision().circuit().rowsChange()));
    return workspace.complete(fingerprint, metrics);
  }

  /**
   * The distilled student's files that optimize's outputs depend on (model.json, weights, test
   * logits), by the hashes distill recorded; not its training records, whose wall times differ when
   * distill ran again to identical weights ({@link ModelFiles#isTrainingRecord}).
   */
  static void addDistilledStudent(Fingerprint.Builder builder, Upstream distill, Path student) {
    distill.outputsUnder(student).forEach((file, sha256) -> {
      if (!ModelFiles.isTrainingRecord(file)) {
        builder.inputHash("distill/distilled/" + file, sha256);
      }
    });
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
    /** The distilled student as measured: the reference of every drop and of hawq's circuit. */
    private Selection.Candidate reference;

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
      this.backend = ProvingBackends.provision(ctx.experiment(), ctx.tools(NAME));
      this.calibration = Npy.readFloat(layout.features("validation"));
    }

    Selection run() {
      List<Selection.Candidate> candidates = new ArrayList<>();
      reference = measure(Selection.DISTILLED, describe(distilled), layout.distilledStudent(), distilledMetrics,
          List.of());
      if (!reference.measured()) {
        throw new VeriRegimeException(NAME + ": the distilled student itself could not be compiled: " + reference.failure()
            + ". Fix that first (see zk-compile's advice), or set optimize.skip: true.");
      }
      candidates.add(reference);
      for (OptimizeCandidate candidate : config.candidates()) {
        candidates.add(switch (candidate) {
          case PTQ -> quantiseAndMeasure();
          case QAT -> quantisationAwareAndMeasure(candidate.yamlName(),
              Collections.nCopies(linears(distilled).size(), config.bits()));
          case HAWQ -> mixedPrecisionAndMeasure();
          default -> fineTuneAndMeasure(candidate);
        });
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
        case PTQ, QAT, HAWQ -> throw new IllegalArgumentException(name + " keeps the distilled student's activations");
      };
      StudentNetwork network = new StudentNetwork(student.hidden(), student.dropout(), activation, dataset.train().inputSize());
      Path modelDir = layout.optimizeCandidate(name);
      ModelMetrics metrics;
      try (Learner learner = learner(name, config.epochs(), network)) {
        network.loadWeights(distilled);
        TrainingCurves curves = fit(learner);
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
      ModelDefinition quantised = quantised(distilled, Collections.nCopies(linears(distilled).size(), config.bits()));
      Path modelDir = layout.optimizeCandidate(name);
      TrainingCurves none = new TrainingCurves(name, List.of(), 0, false, 0);
      Scored scored = score(name, quantised, none);
      ModelDirectory.write(modelDir, quantised, scored.testLogits(), scored.metrics(), none);
      return measure(name, describe(quantised) + " " + config.bits() + "-bit", modelDir, scored.metrics(), List.of());
    }

    /**
     * Quantisation-aware fine-tuning: the distilled student (its activations held at their learnt
     * values) fine-tuned with linear layer i's weights fake-quantised to {@code bits.get(i)}, then
     * exported with those weights on their grids and scored again from exactly the exported weights,
     * so the scores and the test logits the ONNX export is checked against are the circuit's model.
     */
    private Selection.Candidate quantisationAwareAndMeasure(String name, List<Integer> bits) {
      StudentNetwork network = new StudentNetwork(student.hidden(), student.dropout(), activationOf(distilled),
          dataset.train().inputSize(), (layer, units) -> new FakeQuantisedLinear(units, bits.get(layer)));
      TrainingCurves curves;
      ModelDefinition trained;
      try (Learner learner = learner(name, config.epochs(), network)) {
        network.loadWeights(distilled);
        curves = fit(learner);
        trained = network.definition(dataset.test().sampleShape());
      } catch (Learner.DivergedException e) {
        ctx.log().warn(NAME + ": " + name + ": fine-tuning diverged (" + e.getMessage() + "); it cannot be chosen");
        return failed(name, name, "fine-tuning diverged: " + e.getMessage());
      }
      double seconds = curves.epochs().stream().mapToDouble(TrainingCurves.Epoch::seconds).sum();
      ctx.log().info(String.format(Locale.ROOT, "%s: %s: quantisation-aware fine-tuning at %s bits took %.2f s", NAME, name,
          bits, seconds));
      ModelDefinition quantised = quantised(trained, bits);
      Path modelDir = layout.optimizeCandidate(name);
      Scored scored = score(name, quantised, curves);
      ModelDirectory.write(modelDir, quantised, scored.testLogits(), scored.metrics(), curves);
      String widths = bits.stream().distinct().count() == 1 ? bits.get(0) + "-bit"
          : bits.stream().map(String::valueOf).reduce((a, b) -> a + "/" + b).orElseThrow() + "-bit";
      return measure(name, describe(quantised) + " " + widths + " QAT", modelDir, scored.metrics(), List.of());
    }

    /**
     * HAWQ: Hessian traces of the distilled student's layers, an exact allocation of widths under
     * the budget by sensitivity, then quantisation-aware fine-tuning with those widths (the same
     * fine-tuning as {@code qat}, so the two differ only in the widths). The allocation's
     * post-training scores are measured too: one inference pass, and what the fine-tuning bought.
     */
    private Selection.Candidate mixedPrecisionAndMeasure() {
      String name = OptimizeCandidate.HAWQ.yamlName();
      HawqConfig hawq = config.hawq();
      List<Layer.Linear> linears = linears(distilled);
      long start = System.nanoTime();
      List<Hutchinson.Estimate> traces = hessianTraces(name, hawq.probes());
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
        String layer = layerName(linears.get(i));
        layers.add(new MixedPrecision.LayerSensitivity(layer, costs.get(i).parameters(), traces.get(i).trace(),
            traces.get(i).standardError(), omega, allocation.bits().get(i)));
        ctx.log().info(String.format(Locale.ROOT, "%s: %s: %-4s %,7d weights  Hessian trace %.4g ± %.2g  Ω(%d..%d bits)"
                + " %.3g..%.3g  → %d bits", NAME, name, layer, costs.get(i).parameters(), traces.get(i).trace(),
            traces.get(i).standardError(), hawq.minBits(), hawq.maxBits(), omega.get(0).omega(),
            omega.get(omega.size() - 1).omega(), allocation.bits().get(i)));
      }
      ctx.log().info(String.format(Locale.ROOT, "%s: %s: widths %s, average %.3f bits (budget %.3f), Σ Ω %.4g;"
              + " Hessian traces took %.1f s", NAME, name, allocation.bits(), allocation.averageBits(),
          hawq.averageBits(), allocation.omega(), hessianSeconds));
      TrainingCurves none = new TrainingCurves(name, List.of(), 0, false, 0);
      Selection.Scores postTraining = Selection.Scores.of(
          score(name, quantised(distilled, allocation.bits()), none).metrics().validation());
      Selection.Candidate measured = quantisationAwareAndMeasure(name, allocation.bits());
      MixedPrecision.CircuitEffect circuit = measured.measured()
          ? MixedPrecision.CircuitEffect.of(measured.cost(), reference.cost()) : null;
      if (circuit != null) {
        ctx.log().info(NAME + ": " + name + ": " + circuit.statement());
      }
      return measured.withMixedPrecision(new MixedPrecision(hawq.minBits(), hawq.maxBits(), hawq.averageBits(),
          allocation.averageBits(), MixedPrecision.AVERAGE_IS, MixedPrecision.HESSIAN, hawq.probes(),
          hessianSamples().length, hessianSeconds, layers, allocation.omega(), postTraining, circuit));
    }

    /**
     * Per linear layer of the distilled student, Hutchinson's estimate of the trace of the
     * distillation loss's Hessian w.r.t. that layer's weights (the other layers held fixed), on a
     * fixed subset of the train split, with Rademacher probes from the experiment's seed.
     */
    private List<Hutchinson.Estimate> hessianTraces(String name, int probes) {
      StudentNetwork network = new StudentNetwork(student.hidden(), student.dropout(), activationOf(distilled),
          dataset.train().inputSize());
      int[] samples = hessianSamples();
      List<Hutchinson.Estimate> estimates = new ArrayList<>();
      try (Learner learner = learner(name + "-hessian", 1, network);
           Heartbeat ignored = Heartbeat.every(HEARTBEAT, elapsed -> ctx.log().info(NAME + ": " + name
               + ": estimating Hessian traces, layer " + (estimates.size() + 1) + " of " + network.linearWeights().size()
               + ", " + elapsed.toSeconds() + " s"))) {
        network.loadWeights(distilled);
        Random probesRandom = new Random(ctx.experiment().config().seed());
        for (Parameter weight : network.linearWeights()) {
          float[] trained = weight.getArray().toFloatArray();
          Hutchinson.Gradient gradient = point -> {
            weight.getArray().set(point);
            return learner.gradient(weight, dataset.train(), targets.get("train"), samples);
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
    private int[] hessianSamples() {
      int count = Math.min(HESSIAN_SAMPLES, dataset.train().size());
      int[] samples = new int[count];
      for (int s = 0; s < count; s++) samples[s] = (int) ((long) s * dataset.train().size() / count);
      return samples;
    }

    private static double rms(float[] values) {
      double sum = 0;
      for (float value : values) sum += (double) value * value;
      return Math.sqrt(sum / values.length);
    }

    private Learner learner(String name, int epochs, StudentNetwork network) {
      TrainingPlan plan = new TrainingPlan(NAME, name, epochs, student.batchSize(), config.learningRate(),
          student.weightDecay(), 0, student.gradientClip(), ctx.experiment().config().seed(), student.selectBy());
      return new Learner(network.block(), loss, plan, dataset.train().window(), dataset.train().featureCount(), ctx.log());
    }

    /** Fine-tunes with the candidates' seeded budget and the kept distillation loss; the network keeps its best epoch. */
    private TrainingCurves fit(Learner learner) {
      return learner.fit(dataset.train(), targets.get("train"), dataset.validation(), targets.get("validation"),
          ClassificationMetrics.majorityClass(dataset.train().labels()));
    }

    /** Validation and test scores of a model scored with DJL as it is (no training), and its test logits. */
    private record Scored(float[] testLogits, ModelMetrics metrics) {}

    private Scored score(String name, ModelDefinition model, TrainingCurves curves) {
      StudentNetwork network = new StudentNetwork(student.hidden(), student.dropout(), activationOf(model),
          dataset.train().inputSize());
      try (Learner learner = learner(name, 1, network)) {
        network.loadWeights(model);
        float[] testLogits = learner.logits(dataset.test());
        return new Scored(testLogits, dataset.metrics(name, learner.logits(dataset.validation()), testLogits, curves));
      }
    }

    /** The model with linear layer i's weights on a {@code bits.get(i)} grid. */
    private static ModelDefinition quantised(ModelDefinition model, List<Integer> bits) {
      return new ModelDefinition(model.kind(), model.input(), model.classes(),
          UniformQuantiser.quantiseLinears(model.layers(), bits));
    }

    /** The layer's name in model.json's weight files, e.g. {@code fc0} for {@code weights/fc0.weight.npy}. */
    private static String layerName(Layer.Linear linear) {
      return Path.of(linear.weight().file()).getFileName().toString().replace(".weight.npy", "");
    }

    private static List<Layer.Linear> linears(ModelDefinition model) {
      return model.layers().stream().filter(Layer.Linear.class::isInstance).map(Layer.Linear.class::cast).toList();
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
        cost = backend.compile(name, modelDir, onnx, calibration, circuitDir, "student").cost();
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
          relative(onnx), Hashing.sha256(onnx), check.maxAbsDifference(), cost, fits, null, null);
    }

    private Selection.Candidate failed(String name, String activation, String failure) {
      return new Selection.Candidate(name, activation, relative(layout.optimizeCandidate(name)), null, null, Double.NaN,
          Double.NaN, null, null, Double.NaN, null, List.of(), null, failure);
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
