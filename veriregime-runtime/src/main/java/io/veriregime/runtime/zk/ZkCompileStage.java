package io.veriregime.runtime.zk;

import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.experiment.ProvingSystem;
import io.veriregime.runtime.experiment.ZkConfig;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.onnx.OnnxCheck;
import io.veriregime.runtime.onnx.OnnxCheckResult;
import io.veriregime.runtime.onnx.OnnxExporter;
import io.veriregime.runtime.proving.CircuitCost;
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
 * teacher's size (the baseline the student is compared with) is estimated from EZKL's uncalibrated
 * settings, and it is calibrated, compiled and given keys only when its estimate fits zk.budget; it is
 * a unit of its own in {@code zk/teacher/}, reused while the teacher and the data are unchanged.
 * Writes {@code zk/compile/} with {@code compile.json} ({@link CompileSummary}) describing both circuits,
 * and, for each other backend of zk.backends, the student's circuit with that backend as a unit of its
 * own in {@link Layout#comparedCompileDir}.
 */
public final class ZkCompileStage implements Stage {

  static final String NAME = StageId.ZK_COMPILE.goal();
  static final String SUMMARY = "compile.json";
  /** The teacher unit's summary, in its own directory ({@link Layout#zkTeacherCircuitDir()}). */
  static final String TEACHER_SUMMARY = "teacher.json";
  /** Scratch for zk.ezkl.logrowsTrials; gone before the stage completes. */
  private static final String TRIALS_DIR = "logrows-trials";
  /** Scratch for the teacher's uncalibrated settings; gone before the unit completes. */
  private static final String ESTIMATE_DIR = "estimate";
  /** Test samples each ONNX export is checked on in ONNX Runtime. */
  private static final int ONNX_CHECK_SAMPLES = 64;

  @Override
  public String name() {
    return NAME;
  }

  /**
   * What decides the circuits ({@link ProvingBackends#circuitConfiguration}), the SRS they are set
   * up with, the budget, whether the teacher is compiled, and the student's logrows trials: the
   * primary student's part ({@link #studentConfiguration}), the teacher's ({@link #teacherConfiguration})
   * and the compared backends'.
   */
  @Override
  public Object configuration(ExperimentConfig config) {
    ZkConfig zk = config.zk();
    SortedMap<String, Object> view = studentConfiguration(zk, zk.primaryBackend(), true);
    view.putAll(teacherConfiguration(zk));
    zk.comparedBackends().forEach(compared -> view.put("compared." + compared.yamlName(),
        studentConfiguration(zk, compared, false)));
    return view;
  }

  /**
   * What a student circuit of {@code system} and its compile.json depend on (the teacher's part
   * comes in as its manifest's hashes); {@code withTeacher} for the primary unit, whose compile.json
   * also says whether the teacher was compiled.
   */
  private static SortedMap<String, Object> studentConfiguration(ZkConfig zk, ProvingSystem system, boolean withTeacher) {
    SortedMap<String, Object> view = ProvingBackends.circuitConfiguration(zk, system);
    view.put("srs", Arrays.asList(zk.ezkl().srs(), zk.ezkl().srsSha256()));
    view.put("ptau", Arrays.asList(zk.groth16().ptau(), zk.groth16().ptauSha256()));
    // a second party's key replaces the student's own setup: its hash decides the keys (not the teacher's)
    view.put("zkey", Arrays.asList(zk.groth16().zkey(), zk.groth16().zkeySha256()));
    if (withTeacher) {
      view.put("teacher", zk.teacher());
    }
    view.put("logrowsTrials", Arrays.asList(zk.ezkl().logrowsTrials(), zk.ezkl().logrowsObjective()));
    return view;
  }

  /** What the teacher's circuit depends on besides the teacher and the data: not the student, nor its trials. */
  private static SortedMap<String, Object> teacherConfiguration(ZkConfig zk) {
    SortedMap<String, Object> view = ProvingBackends.circuitConfiguration(zk, zk.primaryBackend());
    view.put("srs", Arrays.asList(zk.ezkl().srs(), zk.ezkl().srsSha256()));
    view.put("ptau", Arrays.asList(zk.groth16().ptau(), zk.groth16().ptauSha256()));
    view.put("budget", zk.budget());
    return view;
  }

  /**
   * The primary backend's unit ({@code zk/compile/}, with the teacher when it compiles teachers),
   * then one unit per compared backend ({@link Layout#comparedCompileDir}): each with its own
   * fingerprint and manifest, reused on its own. The result is the primary unit's, up to date only
   * when every unit was.
   */
  @Override
  public StageResult run(StageContext ctx) {
    ZkConfig zk = ctx.experiment().config().zk();
    StageLog log = ctx.log();
    Layout layout = ctx.layout();
    Layout.StudentSource studentSource = layout.studentSource();
    Path validation = StageInputs.require(layout.features("validation"), "validation features", StageId.FETCH_DATA);
    Path testFeatures = StageInputs.require(layout.features("test"), "test features", StageId.FETCH_DATA);
    StageInputs.require(ModelFiles.modelJson(studentSource.modelDir()), "the student to prove", studentSource.stage());
    ProvingSystem primary = zk.primaryBackend();
    boolean compileTeacher = zk.teacher() && ProvingBackends.compilesTeacher(primary);
    String teacherNotCompiled = zk.teacher() && !compileTeacher ? "the primary backend (zk.backend, or the first of"
        + " zk.backends), " + primary.yamlName() + ", compiles student MLPs only, not the CNN teacher; there is no"
        + " teacher circuit to compare with (set zk.teacher: false to say so, or make ezkl the primary backend for the"
        + " comparison)" : null;
    if (teacherNotCompiled != null) {
      log.info(NAME + ": not compiling the teacher: " + teacherNotCompiled);
    }
    if (compileTeacher) {
      StageInputs.require(ModelFiles.modelJson(layout.teacherModel()), "the teacher", StageId.TRAIN_TEACHER);
    }

    Inputs inputs = new Inputs(Upstream.verify(layout.dataDir(), StageId.FETCH_DATA, log), validation, testFeatures,
        Upstream.verify(studentSource.stageDir(), studentSource.stage(), log), studentSource.modelDir(),
        Npy.readFloat(validation));
    Tools primaryTools = new Tools(ctx, primary, inputs);
    TeacherCircuit teacher = compileTeacher ? teacherCircuit(ctx, inputs, primaryTools) : null;
    StageResult result = compileStudent(ctx, inputs, primaryTools, layout.zkCompileDir(), true, teacher,
        teacherNotCompiled);
    boolean upToDate = result.upToDate();
    for (ProvingSystem compared : zk.comparedBackends()) {
      upToDate &= compileStudent(ctx, inputs, new Tools(ctx, compared, inputs),
          layout.comparedCompileDir(compared.yamlName()), false, null, null).upToDate();
    }
    return new StageResult(result.stage(), upToDate, result.directory(), result.manifest());
  }

  /**
   * The student's circuit with {@code tools}' backend in {@code dir}: compiled, set up (and, for
   * EZKL with zk.ezkl.logrowsTrials, kept at the size that proved best), with {@code compile.json}.
   *
   * @param primary whether this is the primary backend's unit (its compile.json also describes the teacher)
   * @param teacher the teacher's circuit unit, whose outputs this unit's fingerprint takes; null when none
   */
  private static StageResult compileStudent(StageContext ctx, Inputs inputs, Tools tools, Path dir, boolean primary,
                                            TeacherCircuit teacher, String teacherNotCompiled) {
    ZkConfig zk = ctx.experiment().config().zk();
    StageLog log = ctx.log();
    ProvingSystem system = tools.system();
    Fingerprint.Builder builder = Fingerprint.builder()
        .config("configuration", studentConfiguration(zk, system, primary));
    inputs.addData(builder);
    builder.tool(system.yamlName(), ProvingBackends.pinnedVersion(system));
    StageInputs.addModel(builder, "student", inputs.studentProducer(), inputs.student());
    if (teacher != null) {
      teacher.manifest().outputs().forEach((file, sha256) -> builder.inputHash("teacher-circuit/" + file, sha256));
    }
    Fingerprint fingerprint = builder.build();
    StageWorkspace workspace = ctx.workspace(NAME, dir);
    Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
    if (reused.isPresent()) {
      return reused.get();
    }
    if (!primary) {
      log.info(NAME + ": compiling the student with " + system.yamlName() + " too, for the report's comparison ("
          + workspace.dir() + ")");
    }

    ProvingBackend backend = tools.backend();
    Compiled calibrated = tools.compiler().compile(inputs.student(), workspace.dir(), "student");
    SetUp studentSetUp = SetUp.of(backend, calibrated.circuit(), workspace.dir());
    LogrowsTrials trials = null;
    if (zk.ezkl().logrowsTrials() > 0 && ProvingBackends.triesLogrows(system)) {
      LogrowsTrialRun run = new LogrowsTrialRun(backend, Npy.readFloat(inputs.testFeatures()), workspace.dir(),
          workspace.file(TRIALS_DIR), ctx.experiment().config().compute().effectiveThreads(), log);
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
   * as those are unchanged, whatever happens to the student. Its size (the baseline the student is
   * compared with) comes from EZKL's uncalibrated settings ({@link TeacherEstimate#ofUncalibrated});
   * it is calibrated, compiled and set up only when that estimate, and then the calibrated circuit's,
   * say its setup and proof fit zk.budget.
   */
  private static TeacherCircuit teacherCircuit(StageContext ctx, Inputs inputs, Tools tools) {
    Layout layout = ctx.layout();
    ZkConfig zk = ctx.experiment().config().zk();
    StageLog log = ctx.log();
    Fingerprint.Builder builder = Fingerprint.builder().config("configuration", teacherConfiguration(zk));
    inputs.addData(builder);
    builder.tool(tools.system().yamlName(), ProvingBackends.pinnedVersion(tools.system()));
    StageInputs.addModel(builder, "teacher", Upstream.verify(layout.teacherDir(), StageId.TRAIN_TEACHER, log),
        layout.teacherModel());
    Fingerprint fingerprint = builder.build();
    StageWorkspace workspace = ctx.workspace(NAME, layout.zkTeacherCircuitDir());
    Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
    if (reused.isPresent()) {
      return new TeacherCircuit(JsonFiles.read(workspace.file(TEACHER_SUMMARY), CompileSummary.Circuit.class),
          reused.get().manifest());
    }
    Compiler compiler = tools.compiler();
    Exported exported = compiler.export(layout.teacherModel(), workspace.dir(), "teacher");
    // EZKL's uncalibrated layout first: calibrating a CNN takes minutes, and a teacher over budget needs no more
    Path scratch = workspace.file(ESTIMATE_DIR);
    CircuitCost uncalibrated;
    try {
      uncalibrated = tools.backend().uncalibratedCost("teacher", exported.onnx(), scratch);
    } finally {
      ScratchFiles.deleteTree(scratch);
    }
    TeacherEstimate estimate = TeacherEstimate.ofUncalibrated(uncalibrated);
    Optional<String> refusal = estimate.refusal(zk.budget());
    CompileSummary.Circuit summary;
    CompiledCircuit calibrated = null;
    if (refusal.isPresent()) {
      summary = CompileSummary.Circuit.of(exported.onnx().getFileName().toString(), exported.agreement(),
          TeacherEstimate.estimatedCircuit(uncalibrated)).withEstimate(estimate, refusal.get());
    } else {
      Compiled compiled = compiler.compile(exported, layout.teacherModel(), workspace.dir(), "teacher");
      calibrated = compiled.circuit();
      estimate = TeacherEstimate.of(calibrated.cost());
      refusal = estimate.refusal(zk.budget());
      summary = compiled.summary().withEstimate(estimate, refusal.orElse(null));
    }
    if (refusal.isEmpty()) {
      SetUp setUp = SetUp.of(tools.backend(), calibrated, workspace.dir());
      summary = summary.withSetup(setUp.material(), CompileSummary.Setup.of(setUp.keys()));
    } else {
      log.warn(NAME + ": not " + (calibrated == null ? "calibrating, " : "") + "setting up or proving the teacher: "
          + refusal.get() + " (raise zk.budget in experiment.yaml to try it anyway)");
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

  /** A model exported to ONNX and checked in ONNX Runtime. */
  private record Exported(Path onnx, CompileSummary.OnnxAgreement agreement) {}

  /** A circuit and its summary so far. */
  private record Compiled(CompiledCircuit circuit, CompileSummary.Circuit summary) {}

  /** The teacher's circuit unit: its summary and the manifest that vouches for its files. */
  private record TeacherCircuit(CompileSummary.Circuit summary, StageManifest manifest) {}

  /**
   * What every unit reads: the data (checked against fetch-data's manifest), the student (checked
   * against its producer's), and the validation windows the circuits are calibrated on.
   */
  private record Inputs(Upstream data, Path validation, Path testFeatures, Upstream studentProducer, Path student,
                        Npy.FloatArray calibration) {

    void addData(Fingerprint.Builder fingerprint) {
      fingerprint.input("validation.features", data, validation).input("test.features", data, testFeatures);
    }
  }

  /** A backend and its compiler, provisioned only when a unit has something to build. */
  private static final class Tools {
    private final StageContext ctx;
    private final ProvingSystem system;
    private final Inputs inputs;
    private Compiler compiler;

    Tools(StageContext ctx, ProvingSystem system, Inputs inputs) {
      this.ctx = ctx;
      this.system = system;
      this.inputs = inputs;
    }

    ProvingSystem system() {
      return system;
    }

    Compiler compiler() {
      if (compiler == null) {
        ProvingBackend backend = ProvingBackends.provision(system, ctx.experiment(), ctx.tools(NAME));
        compiler = new Compiler(backend, inputs.calibration(), inputs.testFeatures(), ctx.log());
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
      return compile(export(modelDir, circuitDir, model), modelDir, circuitDir, model);
    }

    Exported export(Path modelDir, Path circuitDir, String model) {
      Path onnx = circuitDir.resolve(model + ".onnx");
      OnnxExporter.export(modelDir, onnx);
      OnnxCheckResult check = OnnxCheck.check(onnx, modelDir, testFeatures, ONNX_CHECK_SAMPLES, OnnxCheck.DEFAULT_TOLERANCE);
      log.info(String.format(Locale.ROOT, "%s: exported %s to %s; ONNX Runtime agrees with the model's logits on %d test"
          + " samples (max |difference| %.2e)", NAME, modelDir, onnx.getFileName(), check.samples(), check.maxAbsDifference()));
      return new Exported(onnx, CompileSummary.OnnxAgreement.of(check));
    }

    Compiled compile(Exported exported, Path modelDir, Path circuitDir, String model) {
      CompiledCircuit circuit = backend.compile(model, modelDir, exported.onnx(), calibration, circuitDir, model);
      return new Compiled(circuit, CompileSummary.Circuit.of(exported.onnx().getFileName().toString(),
          exported.agreement(), circuit.cost()));
    }
  }
}
