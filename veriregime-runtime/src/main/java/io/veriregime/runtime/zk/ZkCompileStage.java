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
import io.veriregime.runtime.stage.StageManifest;
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
 * in ONNX Runtime, and has the proving backend turn each into a circuit, calibrated on real
 * validation samples, and set up. The student's circuit may be kept at a smaller size that proves
 * faster (zk.ezkl.logrowsTrials, EZKL only). With a backend that compiles students only (Groth16)
 * zk.teacher is skipped, with a log line and compile.json's teacherNotCompiled. Otherwise the
 * teacher gets a compiled circuit always (its size is the
 * baseline the student is compared with) and keys only when its estimate fits zk.budget; it is a
 * unit of its own in {@code zk/teacher/}, reused while the teacher and the data are unchanged.
 * Writes {@code zk/compile/} with {@code compile.json} ({@link CompileSummary}) describing both circuits.
 */
public final class ZkCompileStage implements Stage {

  public static final String NAME = "zk-compile";
  static final String SUMMARY = "compile.json";
  /** The teacher unit's summary, in its own directory ({@link Layout#zkTeacherCircuitDir()}). */
  static final String TEACHER_SUMMARY = "teacher.json";
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
   * up with, the budget, whether the teacher is compiled, and the student's logrows trials: the
   * student's part ({@link #studentConfiguration}) and the teacher's ({@link #teacherConfiguration}) together.
   */
  @Override
  public Object configuration(ExperimentConfig config) {
    SortedMap<String, Object> view = studentConfiguration(config.zk());
    view.putAll(teacherConfiguration(config.zk()));
    return view;
  }

  /** What the student's circuit and compile.json depend on (the teacher's part comes in as its manifest's hashes). */
  private static SortedMap<String, Object> studentConfiguration(ZkConfig zk) {
    SortedMap<String, Object> view = ProvingBackends.circuitConfiguration(zk);
    view.put("srs", Arrays.asList(zk.ezkl().srs(), zk.ezkl().srsSha256()));
    view.put("ptau", Arrays.asList(zk.groth16().ptau(), zk.groth16().ptauSha256()));
    view.put("teacher", zk.teacher());
    view.put("logrowsTrials", Arrays.asList(zk.ezkl().logrowsTrials(), zk.ezkl().logrowsObjective()));
    return view;
  }

  /** What the teacher's circuit depends on besides the teacher and the data: not the student, nor its trials. */
  private static SortedMap<String, Object> teacherConfiguration(ZkConfig zk) {
    SortedMap<String, Object> view = ProvingBackends.circuitConfiguration(zk);
    view.put("srs", Arrays.asList(zk.ezkl().srs(), zk.ezkl().srsSha256()));
    view.put("ptau", Arrays.asList(zk.groth16().ptau(), zk.groth16().ptauSha256()));
    view.put("budget", zk.budget());
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
    Path validation = StageInputs.require(layout.features("validation"), "validation features", "fetch-data");
    Path testFeatures = StageInputs.require(layout.features("test"), "test features", "fetch-data");
    StageInputs.require(ModelFiles.modelJson(student), "the student to prove", studentSource.stage());
    boolean compileTeacher = zk.teacher() && ProvingBackends.compilesTeacher(zk.backend());
    String teacherNotCompiled = zk.teacher() && !compileTeacher ? "zk.backend: " + zk.backend().yamlName()
        + " compiles student MLPs only, not the CNN teacher; there is no teacher circuit to compare with"
        + " (set zk.teacher: false to say so, or zk.backend: ezkl for the comparison)" : null;
    if (teacherNotCompiled != null) {
      log.info(NAME + ": not compiling the teacher: " + teacherNotCompiled);
    }
    if (compileTeacher) {
      StageInputs.require(ModelFiles.modelJson(layout.teacherModel()), "the teacher", "train-teacher");
    }

    Upstream data = Upstream.verify(layout.dataDir(), DataStage.NAME, log);
    Tools tools = new Tools(ctx, Npy.readFloat(validation), testFeatures);
    TeacherCircuit teacher = compileTeacher ? teacherCircuit(ctx, data, validation, testFeatures, tools) : null;

    Fingerprint.Builder builder = Fingerprint.builder().config("configuration", studentConfiguration(zk))
        .input("validation.features", data, validation)
        .input("test.features", data, testFeatures)
        .tool(zk.backend().yamlName(), ProvingBackends.pinnedVersion(zk.backend()));
    StageInputs.addModel(builder, "student", Upstream.verify(studentSource.stageDir(), studentSource.stage(), log),
        student);
    if (teacher != null) {
      teacher.manifest().outputs().forEach((file, sha256) -> builder.inputHash("teacher-circuit/" + file, sha256));
    }
    Fingerprint fingerprint = builder.build();
    StageWorkspace workspace = ctx.workspace(NAME, layout.zkCompileDir());
    Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
    if (reused.isPresent()) {
      return reused.get();
    }

    ProvingBackend backend = tools.backend();
    Compiled calibrated = tools.compiler().compile(student, workspace.dir(), "student");
    SetUp studentSetUp = SetUp.of(backend, calibrated.circuit(), workspace.dir());
    LogrowsTrials trials = null;
    if (zk.ezkl().logrowsTrials() > 0 && ProvingBackends.triesLogrows(zk.backend())) {
      LogrowsTrialRun run = new LogrowsTrialRun(backend, Npy.readFloat(testFeatures), workspace.dir(),
          workspace.file(TRIALS_DIR), experiment.config().compute().effectiveThreads(), log);
      trials = run.run(studentSetUp, workspace.file(calibrated.summary().onnx()), zk.ezkl());
      studentSetUp = run.adopt(studentSetUp, trials.chosenLogrows());
    }
    SetupMaterial studentMaterial = studentSetUp.material();
    KeySetup studentKeys = studentSetUp.keys();
    CompileSummary.Circuit studentSummary = calibrated.summary().withCost(studentSetUp.circuit().cost())
        .withSetup(studentMaterial, CompileSummary.Setup.of(studentKeys)).withLogrowsTrials(trials);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("studentLogrows", studentSummary.logrows());
    metrics.put("studentRows", studentSummary.rows());
    metrics.put("studentSetupSeconds", studentKeys.figures().seconds());
    metrics.put("srsGenerated", !studentMaterial.secure());
    if (!studentMaterial.secure()) {
      log.warn(NAME + ": " + studentMaterial.warning());
    }
    if (teacherNotCompiled != null) {
      metrics.put("teacherNotCompiled", teacherNotCompiled);
    }
    if (teacher != null) {
      metrics.put("teacherLogrows", teacher.summary().logrows());
      metrics.put("teacherRows", teacher.summary().rows());
      if (teacher.summary().skipped() != null) {
        metrics.put("teacherSkipped", teacher.summary().skipped());
      }
    }
    JsonFiles.write(workspace.file(SUMMARY), new CompileSummary(backend.name(), backend.version(), studentSummary,
        teacher == null ? null : teacher.summary(), teacherNotCompiled, studentMaterial.warning()));
    return workspace.complete(fingerprint, metrics);
  }

  /**
   * The teacher's circuit in {@link Layout#zkTeacherCircuitDir()}, a unit of zk-compile's own: its
   * fingerprint is the teacher, the data and {@link #teacherConfiguration}, so it is reused as long
   * as those are unchanged, whatever happens to the student. Compiled always (its size is the
   * baseline the student is compared with); set up only when {@link TeacherEstimate} says its setup
   * and proof fit zk.budget.
   */
  private static TeacherCircuit teacherCircuit(StageContext ctx, Upstream data, Path validation, Path testFeatures,
                                               Tools tools) {
    Layout layout = ctx.layout();
    ZkConfig zk = ctx.experiment().config().zk();
    StageLog log = ctx.log();
    Fingerprint.Builder builder = Fingerprint.builder().config("configuration", teacherConfiguration(zk))
        .input("validation.features", data, validation)
        .input("test.features", data, testFeatures)
        .tool(zk.backend().yamlName(), ProvingBackends.pinnedVersion(zk.backend()));
    StageInputs.addModel(builder, "teacher", Upstream.verify(layout.teacherDir(), TeacherStage.NAME, log),
        layout.teacherModel());
    Fingerprint fingerprint = builder.build();
    StageWorkspace workspace = ctx.workspace(NAME, layout.zkTeacherCircuitDir());
    Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
    if (reused.isPresent()) {
      return new TeacherCircuit(JsonFiles.read(workspace.file(TEACHER_SUMMARY), CompileSummary.Circuit.class),
          reused.get().manifest());
    }
    Compiled compiled = tools.compiler().compile(layout.teacherModel(), workspace.dir(), "teacher");
    TeacherEstimate estimate = TeacherEstimate.of(compiled.circuit().cost());
    Optional<String> refusal = estimate.refusal(zk.budget());
    CompileSummary.Circuit summary = compiled.summary().withEstimate(estimate, refusal.orElse(null));
    if (refusal.isEmpty()) {
      SetUp setUp = SetUp.of(tools.backend(), compiled.circuit(), workspace.dir());
      summary = summary.withSetup(setUp.material(), CompileSummary.Setup.of(setUp.keys()));
    } else {
      log.warn(NAME + ": not setting up or proving the teacher: " + refusal.get()
          + " (raise zk.budget in experiment.yaml to try it anyway)");
    }
    JsonFiles.write(workspace.file(TEACHER_SUMMARY), summary);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("teacherLogrows", summary.logrows());
    metrics.put("teacherRows", summary.rows());
    metrics.put("teacherEstimatedProveCpuSeconds", estimate.proveCpuSeconds());
    return new TeacherCircuit(summary, workspace.complete(fingerprint, metrics).manifest());
  }

  /** {@code compile.json} of a zk-compile directory, read only as its record (check the directory with {@code Upstream.verify} first). */
  public static CompileSummary readSummary(Path compileDir) {
    return JsonFiles.read(compileDir.resolve(SUMMARY), CompileSummary.class);
  }

  /** A circuit and its summary so far. */
  private record Compiled(CompiledCircuit circuit, CompileSummary.Circuit summary) {}

  /** The teacher's circuit unit: its summary and the manifest that vouches for its files. */
  private record TeacherCircuit(CompileSummary.Circuit summary, StageManifest manifest) {}

  /** The backend and the compiler, provisioned only when a unit has something to build. */
  private static final class Tools {
    private final StageContext ctx;
    private final Npy.FloatArray calibration;
    private final Path testFeatures;
    private Compiler compiler;

    Tools(StageContext ctx, Npy.FloatArray calibration, Path testFeatures) {
      this.ctx = ctx;
      this.calibration = calibration;
      this.testFeatures = testFeatures;
    }

    Compiler compiler() {
      if (compiler == null) {
        ProvingBackend backend = ProvingBackends.provision(ctx.experiment(), ctx.offline(), ctx.proxies(),
            ctx.log().prefixed(NAME + ": "));
        compiler = new Compiler(backend, calibration, testFeatures, ctx.log());
      }
      return compiler;
    }

    ProvingBackend backend() {
      return compiler().backend();
    }
  }

  /** Exports a model, checks the export in ONNX Runtime against the model's own test logits, compiles it. */
  private record Compiler(ProvingBackend backend, Npy.FloatArray calibration, Path testFeatures, StageLog log) {

    Compiled compile(Path modelDir, Path circuitDir, String model) {
      Path onnx = circuitDir.resolve(model + ".onnx");
      OnnxExporter.export(modelDir, onnx);
      OnnxCheckResult check = OnnxCheck.check(onnx, modelDir, testFeatures, ONNX_CHECK_SAMPLES, OnnxCheck.DEFAULT_TOLERANCE);
      log.info(String.format(Locale.ROOT, "%s: exported %s to %s; ONNX Runtime agrees with the model's logits on %d test"
          + " samples (max |difference| %.2e)", NAME, modelDir, onnx.getFileName(), check.samples(), check.maxAbsDifference()));
      CompiledCircuit circuit = backend.compile(model, modelDir, onnx, calibration, circuitDir, model);
      return new Compiled(circuit, CompileSummary.Circuit.of(onnx.getFileName().toString(),
          CompileSummary.OnnxAgreement.of(check), circuit.cost()));
    }
  }
}
