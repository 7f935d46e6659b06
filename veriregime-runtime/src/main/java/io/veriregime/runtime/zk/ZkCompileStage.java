package io.veriregime.runtime.zk;

import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Versions;
import io.veriregime.runtime.experiment.BudgetConfig;
import io.veriregime.runtime.experiment.CalibrationTarget;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.Visibility;
import io.veriregime.runtime.experiment.ZkConfig;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.onnx.OnnxCheck;
import io.veriregime.runtime.onnx.OnnxCheckResult;
import io.veriregime.runtime.onnx.OnnxExporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * zk-compile: exports the distilled student (and the teacher) to ONNX, and has EZKL turn each
 * into a circuit: gen-settings with the experiment's visibilities, calibrate-settings on real
 * validation samples, compile-circuit, SRS, setup. The teacher gets settings and a compiled
 * circuit always (its size is the baseline the student is compared with) and keys only when the
 * estimate says its setup and proof fit zk.budget. Writes {@code zk/compile/} with
 * {@code compile.json} describing both circuits.
 */
public final class ZkCompileStage implements Stage {

  public static final String NAME = "zk-compile";
  static final String SUMMARY = "compile.json";
  static final String TEACHER_DIR = "teacher";
  /** Test samples each ONNX export is checked on in ONNX Runtime. */
  private static final int ONNX_CHECK_SAMPLES = 64;

  /** The zk settings a circuit depends on (samples, evm and time-outs only affect zk-prove). */
  private record CompileConfig(Visibility inputVisibility, Visibility outputVisibility, Visibility paramVisibility,
                               CalibrationTarget calibrationTarget, int calibrationSamples, Integer maxLogrows,
                               double lookupSafetyMargin, String srs, String srsSha256, boolean teacher, BudgetConfig budget) {
    static CompileConfig of(ZkConfig zk) {
      return new CompileConfig(zk.inputVisibility(), zk.outputVisibility(), zk.paramVisibility(), zk.calibrationTarget(),
          zk.calibrationSamples(), zk.maxLogrows(), zk.lookupSafetyMargin(), zk.srs(), zk.srsSha256(), zk.teacher(), zk.budget());
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StageResult run(StageContext ctx) {
    Experiment experiment = ctx.experiment();
    ZkConfig zk = experiment.config().zk();
    StageLog log = ctx.log();
    Layout layout = ctx.layout();
    Path student = layout.studentForProving();
    Path teacher = layout.teacherModel();
    Path validation = StageInputs.require(layout.features("validation"), "validation features", "fetch-data");
    Path testFeatures = StageInputs.require(layout.features("test"), "test features", "fetch-data");
    StageInputs.require(ModelFiles.modelJson(student), "the distilled student", "distill");
    if (zk.teacher()) {
      StageInputs.require(ModelFiles.modelJson(teacher), "the teacher", "train-teacher");
    }
    SrsSource srs = SrsSource.of(experiment);

    Fingerprint.Builder builder = Fingerprint.builder().config(CompileConfig.of(zk)).input("validation.features", validation)
        .input("test.features", testFeatures)
        .tool("ezkl", Versions.ezkl());
    StageInputs.addModel(builder, "student", student);
    if (zk.teacher()) {
      StageInputs.addModel(builder, "teacher", teacher);
    }
    Fingerprint fingerprint = builder.build();
    StageWorkspace workspace = ctx.workspace(NAME, layout.zkCompileDir());
    Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
    if (reused.isPresent()) {
      return reused.get();
    }

    Ezkl ezkl = Ezkl.provision(experiment, ctx.offline(), log);
    Npy.FloatArray calibration = Npy.readFloat(validation);
    int samples = Math.min(zk.calibrationSamples(), calibration.rows());
    CircuitCompiler compiler = new CircuitCompiler(ezkl, experiment, log);

    CircuitFiles studentFiles = new CircuitFiles(workspace.dir(), "student");
    Compiled studentCircuit = exportAndCompile(compiler, student, studentFiles, "student", calibration, samples, testFeatures, log);
    CircuitSettings studentSettings = studentCircuit.settings();
    SrsSource.Prepared studentSrs = srs.forCircuit(studentFiles, studentSettings.logrows(), ezkl);
    EzklStep studentSetup = compiler.setup(studentFiles, studentSrs.file());
    Map<String, Object> studentSummary = describe(studentFiles, studentCircuit, samples, zk);
    studentSummary.put("srs", srs.describe(studentSrs.file()));
    studentSummary.put("setup", setupFigures(studentSetup, studentFiles));

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("ezkl", ezkl.version());
    summary.put("student", studentSummary);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("studentLogrows", studentSettings.logrows());
    metrics.put("studentRows", studentSettings.numRows());
    metrics.put("studentSetupSeconds", studentSetup.seconds());
    metrics.put("srsGenerated", srs.generated());
    if (srs.generated()) {
      summary.put("srsWarning", SrsSource.INSECURE_WARNING);
      log.warn(NAME + ": " + SrsSource.INSECURE_WARNING);
    }

    if (zk.teacher()) {
      CircuitFiles teacherFiles = new CircuitFiles(workspace.dir().resolve(TEACHER_DIR), "teacher");
      Compiled teacherCircuit = exportAndCompile(compiler, teacher, teacherFiles, "teacher", calibration, samples, testFeatures, log);
      CircuitSettings teacherSettings = teacherCircuit.settings();
      Map<String, Object> teacherSummary = describe(teacherFiles, teacherCircuit, samples, zk);
      TeacherBudget budget = TeacherBudget.estimate(studentSettings, studentSetup, studentSrs.generationSeconds(), teacherSettings, zk.budget());
      teacherSummary.put("estimate", budget.describe());
      metrics.put("teacherLogrows", teacherSettings.logrows());
      metrics.put("teacherRows", teacherSettings.numRows());
      if (budget.fits()) {
        SrsSource.Prepared teacherSrs = srs.forCircuit(teacherFiles, teacherSettings.logrows(), ezkl);
        teacherSummary.put("srs", srs.describe(teacherSrs.file()));
        teacherSummary.put("setup", setupFigures(compiler.setup(teacherFiles, teacherSrs.file()), teacherFiles));
      } else {
        log.warn(NAME + ": not setting up or proving the teacher: " + budget.reason()
            + " (raise zk.budget in experiment.yaml to try it anyway)");
        teacherSummary.put("skipped", budget.reason());
        metrics.put("teacherSkipped", budget.reason());
      }
      summary.put("teacher", teacherSummary);
    }
    JsonFiles.write(workspace.file(SUMMARY), summary);
    return workspace.complete(fingerprint, metrics);
  }

  /** Exports the model, checks the ONNX file in ONNX Runtime against the model's own test logits, compiles it. */
  private static Compiled exportAndCompile(CircuitCompiler compiler, Path modelDir, CircuitFiles files, String configKey,
                                           Npy.FloatArray calibration, int samples, Path testFeatures, StageLog log) {
    OnnxExporter.export(modelDir, files.onnx());
    OnnxCheckResult check = OnnxCheck.check(files.onnx(), modelDir, testFeatures, ONNX_CHECK_SAMPLES, OnnxCheck.DEFAULT_TOLERANCE);
    log.info(String.format(Locale.ROOT, "%s: exported %s to %s; ONNX Runtime agrees with the model's logits on %d test"
        + " samples (max |difference| %.2e)", NAME, modelDir, files.onnx().getFileName(), check.samples(), check.maxAbsDifference()));
    EzklInput.write(files.calibrationData(), calibration, 0, samples);
    return new Compiled(compiler.compile(files, configKey), check);
  }

  private record Compiled(CircuitSettings settings, OnnxCheckResult onnxCheck) {}

  private static Map<String, Object> describe(CircuitFiles files, Compiled compiled, int samples, ZkConfig zk) {
    CircuitSettings settings = compiled.settings();
    Map<String, Object> circuit = new LinkedHashMap<>();
    circuit.put("onnx", files.dir().relativize(files.onnx()).toString());
    circuit.put("onnxCheck", compiled.onnxCheck().metrics());
    circuit.put("logrows", settings.logrows());
    circuit.put("rows", settings.numRows());
    circuit.put("totalAssignments", settings.totalAssignments());
    circuit.put("inputScale", settings.inputScale());
    circuit.put("paramScale", settings.paramScale());
    circuit.put("visibility", Map.of("input", zk.inputVisibility(), "output", zk.outputVisibility(), "params", zk.paramVisibility()));
    circuit.put("calibration", Map.of("target", zk.calibrationTarget(), "samples", samples,
        "lookupSafetyMargin", zk.lookupSafetyMargin(), "maxLogrows", String.valueOf(zk.maxLogrows())));
    return circuit;
  }

  private static Map<String, Object> setupFigures(EzklStep setup, CircuitFiles files) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("seconds", setup.seconds());
    figures.put("peakMemoryBytes", setup.peakRssBytes());
    figures.put("vkBytes", size(files.vk()));
    figures.put("pkBytes", size(files.pk()));
    return figures;
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
