package io.veriregime.runtime.zk;

import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.experiment.ZkConfig;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.onnx.OnnxCheck;
import io.veriregime.runtime.onnx.OnnxCheckResult;
import io.veriregime.runtime.onnx.OnnxExporter;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.KeySetup;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.SetupMaterial;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Upstream;
import io.veriregime.runtime.train.TeacherStage;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * zk-compile: exports the student chosen for proving (and the teacher) to ONNX, checks each export
 * in ONNX Runtime, and has the proving backend turn each into a circuit, set up on real validation
 * samples. The teacher gets a compiled circuit always (its size is the baseline the student is
 * compared with) and keys only when the estimate says its setup and proof fit zk.budget. Writes
 * {@code zk/compile/} with {@code compile.json} ({@link CompileSummary}) describing both circuits.
 */
public final class ZkCompileStage implements Stage {

  public static final String NAME = "zk-compile";
  static final String SUMMARY = "compile.json";
  static final String TEACHER_DIR = "teacher";
  /** Scratch for zk.ezkl.logrowsTrials; gone before the stage completes. */
  private static final String TRIALS_DIR = "logrows-trials";
  /** Test samples each ONNX export is checked on in ONNX Runtime. */
  private static final int ONNX_CHECK_SAMPLES = 64;

  @Override
  public String name() {
    return NAME;
  }

  /**
   * What decides the circuits ({@link ProvingBackends#circuitConfiguration}), the SRS they are set
   * up with, the budget and whether the teacher is compiled.
   */
  @Override
  public Object configuration(ExperimentConfig config) {
    ZkConfig zk = config.zk();
    SortedMap<String, Object> view = ProvingBackends.circuitConfiguration(zk);
    view.put("srs", Arrays.asList(zk.ezkl().srs(), zk.ezkl().srsSha256()));
    view.put("budget", zk.budget());
    view.put("logrowsTrials", Arrays.asList(zk.ezkl().logrowsTrials(), zk.ezkl().logrowsObjective()));
    view.put("teacher", zk.teacher());
    return view;
  }

  @Override
  public StageResult run(StageContext ctx) {
    Experiment experiment = ctx.experiment();
    ZkConfig zk = experiment.config().zk();
    StageLog log = ctx.log();
    Layout layout = ctx.layout();
    Layout.StudentSource studentSource = layout.studentSource();
    Path student = studentSource.modelDir();
    Path teacher = layout.teacherModel();
    Path validation = StageInputs.require(layout.features("validation"), "validation features", "fetch-data");
    Path testFeatures = StageInputs.require(layout.features("test"), "test features", "fetch-data");
    StageInputs.require(ModelFiles.modelJson(student), "the student to prove", studentSource.stage());
    if (zk.teacher()) {
      StageInputs.require(ModelFiles.modelJson(teacher), "the teacher", "train-teacher");
    }

    Upstream data = Upstream.verify(layout.dataDir(), DataStage.NAME, log);
    Fingerprint.Builder builder = Fingerprint.builder().config("configuration", configuration(experiment.config())).input("validation.features", data, validation)
        .input("test.features", data, testFeatures)
        .tool(zk.backend().yamlName(), ProvingBackends.pinnedVersion(zk.backend()));
    StageInputs.addModel(builder, "student", Upstream.verify(studentSource.stageDir(), studentSource.stage(), log),
        student);
    if (zk.teacher()) {
      StageInputs.addModel(builder, "teacher", Upstream.verify(layout.teacherDir(), TeacherStage.NAME, log), teacher);
    }
    Fingerprint fingerprint = builder.build();
    StageWorkspace workspace = ctx.workspace(NAME, layout.zkCompileDir());
    Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
    if (reused.isPresent()) {
      return reused.get();
    }

    ProvingBackend backend = ProvingBackends.provision(experiment, ctx.offline(), ctx.proxies(), log.prefixed(NAME + ": "));
    Npy.FloatArray calibration = Npy.readFloat(validation);
    Compiler compiler = new Compiler(backend, calibration, testFeatures, log);

    Compiled calibrated = compiler.compile(student, workspace.dir(), "student");
    SetUp studentSetUp = SetUp.of(backend, calibrated.circuit(), workspace.dir());
    LogrowsTrials trials = null;
    if (zk.ezkl().logrowsTrials() > 0) {
      LogrowsTrialRun run = new LogrowsTrialRun(backend, Npy.readFloat(testFeatures), workspace.dir(),
          workspace.file(TRIALS_DIR), experiment.config().compute().effectiveThreads(), log);
      trials = run.run(studentSetUp, workspace.file(calibrated.summary().onnx()), zk.ezkl());
      studentSetUp = run.adopt(studentSetUp, trials.chosenLogrows());
    }
    CompiledCircuit studentCircuit = studentSetUp.circuit();
    SetupMaterial studentMaterial = studentSetUp.material();
    KeySetup studentKeys = studentSetUp.keys();
    CompileSummary.Circuit studentSummary = calibrated.summary().withCost(studentCircuit.cost())
        .withSetup(studentMaterial, CompileSummary.Setup.of(studentKeys)).withLogrowsTrials(trials);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("studentLogrows", studentSummary.logrows());
    metrics.put("studentRows", studentSummary.rows());
    metrics.put("studentSetupSeconds", studentKeys.figures().seconds());
    metrics.put("srsGenerated", !studentMaterial.secure());
    if (!studentMaterial.secure()) {
      log.warn(NAME + ": " + studentMaterial.warning());
    }

    CompileSummary.Circuit teacherSummary = null;
    if (zk.teacher()) {
      Compiled teacherCircuit = compiler.compile(teacher, workspace.dir().resolve(TEACHER_DIR), "teacher");
      TeacherEstimate estimate = TeacherEstimate.of(studentCircuit.cost(), studentKeys.figures(),
          studentMaterial.generation() == null ? 0 : studentMaterial.generation().seconds(), teacherCircuit.circuit().cost());
      Optional<String> refusal = estimate.refusal(zk.budget());
      teacherSummary = teacherCircuit.summary().withEstimate(estimate, refusal.orElse(null));
      metrics.put("teacherLogrows", teacherSummary.logrows());
      metrics.put("teacherRows", teacherSummary.rows());
      if (refusal.isEmpty()) {
        SetupMaterial teacherMaterial = backend.prepareSetupMaterial(teacherCircuit.circuit());
        KeySetup teacherKeys = backend.setup(teacherCircuit.circuit(), teacherCircuit.circuit().dir());
        teacherSummary = teacherSummary.withSetup(teacherMaterial, CompileSummary.Setup.of(teacherKeys));
      } else {
        log.warn(NAME + ": not setting up or proving the teacher: " + refusal.get()
            + " (raise zk.budget in experiment.yaml to try it anyway)");
        metrics.put("teacherSkipped", refusal.get());
      }
    }
    JsonFiles.write(workspace.file(SUMMARY), new CompileSummary(backend.name(), backend.version(), studentSummary,
        teacherSummary, studentMaterial.warning()));
    return workspace.complete(fingerprint, metrics);
  }

  /** {@code compile.json} of a zk-compile directory, read only as its record (check the directory with {@code Upstream.verify} first). */
  public static CompileSummary readSummary(Path compileDir) {
    return JsonFiles.read(compileDir.resolve(SUMMARY), CompileSummary.class);
  }

  /** A circuit and its summary so far. */
  private record Compiled(CompiledCircuit circuit, CompileSummary.Circuit summary) {}

  /** Exports a model, checks the export in ONNX Runtime against the model's own test logits, compiles it. */
  private record Compiler(ProvingBackend backend, Npy.FloatArray calibration, Path testFeatures, StageLog log) {

    Compiled compile(Path modelDir, Path circuitDir, String model) {
      Path onnx = circuitDir.resolve(model + ".onnx");
      OnnxExporter.export(modelDir, onnx);
      OnnxCheckResult check = OnnxCheck.check(onnx, modelDir, testFeatures, ONNX_CHECK_SAMPLES, OnnxCheck.DEFAULT_TOLERANCE);
      log.info(String.format(Locale.ROOT, "%s: exported %s to %s; ONNX Runtime agrees with the model's logits on %d test"
          + " samples (max |difference| %.2e)", NAME, modelDir, onnx.getFileName(), check.samples(), check.maxAbsDifference()));
      CompiledCircuit circuit = backend.compile(model, onnx, calibration, circuitDir, model);
      return new Compiled(circuit, CompileSummary.Circuit.of(onnx.getFileName().toString(),
          CompileSummary.OnnxAgreement.of(check), circuit.cost()));
    }
  }
}
