package io.veriregime.runtime.report;

import io.veriregime.runtime.data.DatasetSummary;
import io.veriregime.runtime.distill.DistillSummary;
import io.veriregime.runtime.experiment.ConfigView;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.experiment.GatesConfig;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.model.ModelMetrics;
import io.veriregime.runtime.optimize.Selection;
import io.veriregime.runtime.model.TrainingCurves;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Upstream;
import io.veriregime.runtime.stage.Versions;
import io.veriregime.runtime.zk.CompileSummary;
import io.veriregime.runtime.zk.ProvingReport;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkProveStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * report: reads every earlier stage's typed summaries (each checked against its manifest; a stage
 * without complete outputs is reported as absent), evaluates the gates and writes
 * {@code report/}: {@code report.json} ({@link Report}), {@code report.html}, {@code summary.md}
 * and the gates as JUnit XML. The gates are enforced on every build, also when the report itself
 * is up to date, so a gate missed once fails every build until the results or the threshold change.
 */
public final class ReportStage implements Stage {

  static final String NAME = StageId.REPORT.goal();
  @Override
  public String name() {
    return NAME;
  }

  /** The gates; {@code skip} only decides whether a miss fails the build, not what the report says. */
  @Override
  public Object configuration(ExperimentConfig config) {
    return ConfigView.without(config.gates(), "skip");
  }

  @Override
  public StageResult run(StageContext ctx) {
    Layout layout = ctx.layout();
    StageLog log = ctx.log();
    GatesConfig gates = ctx.experiment().config().gates();
    String provingSkipped = ctx.provingSkipped();
    Fingerprint.Builder fingerprint = Fingerprint.builder().config("gates", configuration(ctx.experiment().config()))
        .config("provingSkipped", String.valueOf(provingSkipped));
    ReportInputs inputs = ReportInputs.collect(layout, ctx.experiment().config().zk().comparedBackends(), provingSkipped,
        fingerprint, log);
    Map<StageId, Upstream> present = inputs.present();
    List<String> compared = inputs.compared();
    Fingerprint built = fingerprint.build();
    StageWorkspace workspace = ctx.workspace(NAME, layout.reportDir());
    Optional<StageResult> reused = workspace.reuseOrBegin(built);
    Report report;
    StageResult result;
    if (reused.isPresent()) {
      result = reused.get();
      report = Report.read(layout.reportJson());
    } else {
      report = build(layout, gates, present, compared, provingSkipped);
      write(layout, report);
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("gates", report.gates().size());
      metrics.put("gatesMissed", report.gates().stream().filter(GateResult::missed).count());
      metrics.put("absent", report.absent());
      result = workspace.complete(built, metrics);
      log.info(NAME + ": wrote " + layout.reportHtml());
    }
    // said on every build, not only the one that compiled the circuit
    if (report.provenance().srs() != null && report.provenance().srs().development()) {
      log.warn(NAME + ": WARNING: " + report.provenance().srs().warning());
    }
    // the job summary shows the gates whether or not they fail the build
    StepSummary.append(layout.reportSummary(), System.getenv(), NAME, log);
    Gates.enforce(report.gates(), gates.skip(), layout.reportHtml(), log);
    return result;
  }

  /**
   * Copies the gates' JUnit XML of a complete report (checked against its manifest) into {@code reportsDir},
   * where CI test reporters look by default (Failsafe's {@code target/failsafe-reports}); a report that did
   * not complete leaves nothing to copy.
   *
   * @return the copy, or empty when there is no complete report
   */
  public static Optional<Path> publishGatesJUnit(Path outputRoot, Path reportsDir, StageLog log) {
    Layout layout = Layout.at(outputRoot);
    if (!Files.isRegularFile(layout.reportDir().resolve(StageWorkspace.MANIFEST))) {
      return Optional.empty();
    }
    Upstream report = Upstream.verify(layout.reportDir(), StageId.REPORT, log);
    Path copy = reportsDir.resolve(layout.gatesJUnit().getFileName());
    AtomicFiles.write(copy, out -> Files.copy(report.dir().resolve(layout.gatesJUnit().getFileName()), out));
    return Optional.of(copy);
  }

  /**
   * @param compared the compared backends (zk.backends) whose compile and prove units are present and checked
   * @param provingSkipped why this build skipped proving on purpose, or null
   */
  static Report build(Layout layout, GatesConfig gates, Map<StageId, Upstream> present, List<String> compared,
                      String provingSkipped) {
    DatasetSummary data = present.containsKey(StageId.FETCH_DATA) ? DatasetSummary.read(layout.datasetSummary()) : null;
    // the proved student is the one its producer (distill, or optimize when it chooses) wrote
    boolean trained = present.containsKey(StageId.TRAIN_TEACHER) && present.containsKey(StageId.DISTILL)
        && present.containsKey(layout.studentSource().stage());
    Report.Models models = trained ? new Report.Models(model(layout, layout.teacherModel()),
        model(layout, layout.baselineStudent()), model(layout, layout.distilledStudent()),
        model(layout, layout.studentForProving())) : null;
    DistillSummary distillation = present.containsKey(StageId.DISTILL)
        ? DistillSummary.read(layout.distillSummary()) : null;
    Selection optimization = present.containsKey(StageId.OPTIMIZE) ? Selection.read(layout.optimizeSelection()) : null;
    Report.Zk zk = null;
    if (present.containsKey(StageId.ZK_COMPILE)) {
      CompileSummary compile = ZkCompileStage.readSummary(layout.zkCompileDir());
      ProvingReport proving = present.containsKey(StageId.ZK_PROVE) ? ZkProveStage.readReport(layout.zkProveDir())
          : null;
      zk = new Report.Zk(compile, proving, speedUp(proving), compared.stream()
          .map(backend -> new Report.ComparedBackend(ZkCompileStage.readSummary(layout.comparedCompileDir(backend)),
              ZkProveStage.readReport(layout.comparedProveDir(backend))))
          .toList());
    }
    List<String> absent = StageId.REPORT.reads().stream().filter(stage -> !present.containsKey(stage)).map(StageId::goal)
        .toList();
    return new Report(Report.SCHEMA_VERSION, absent, data, models, distillation, optimization, zk,
        candidates(gates, models, zk),
        Gates.evaluate(gates, models, zk, provingSkipped), provenance(present, zk));
  }

  private static Report.Model model(Layout layout, Path dir) {
    return new Report.Model(layout.root().relativize(dir).toString().replace('\\', '/'),
        JsonFiles.read(ModelFiles.metrics(dir), ModelMetrics.class),
        JsonFiles.read(ModelFiles.curves(dir), TrainingCurves.class));
  }

  private static Report.SpeedUp speedUp(ProvingReport proving) {
    if (proving == null || proving.teacher() == null) {
      return null;
    }
    ProvingReport.TeacherComparison teacher = proving.teacher();
    // an estimate is in CPU seconds: in this run's wall seconds it is the student's wall time times the CPU-time ratio
    double teacherSeconds = teacher.proveSeconds() != null ? teacher.proveSeconds()
        : teacher.teacherOverStudentProveTime() * proving.student().prove().meanSeconds();
    return new Report.SpeedUp(teacher.teacherOverStudentProveTime(), teacher.ratioIs(), teacherSeconds,
        proving.student().prove().meanSeconds(), teacher.reason());
  }

  /**
   * Every model with a proving cost (the proved student, measured; the teacher, measured or
   * estimated), with the Pareto front marked: higher metric and lower cost are better.
   */
  private static List<Report.Candidate> candidates(GatesConfig gates, Report.Models models, Report.Zk zk) {
    if (models == null || zk == null || zk.proving() == null) {
      return List.of();
    }
    String metric = gates.retentionMetric().yamlName();
    List<Report.Candidate> points = new ArrayList<>();
    points.add(new Report.Candidate("proved student", metric, Gates.value(models.proved().metrics().test(),
        gates.retentionMetric()), zk.proving().student().prove().meanSeconds(), "measured", false));
    if (zk.speedUp() != null) {
      points.add(new Report.Candidate("teacher", metric, Gates.value(models.teacher().metrics().test(),
          gates.retentionMetric()), zk.speedUp().teacherProveSeconds(), zk.speedUp().ratioIs(), false));
    }
    return points.stream().map(point -> new Report.Candidate(point.name(), point.metricName(), point.metric(),
        point.proveSeconds(), point.costIs(), points.stream().noneMatch(other -> dominates(other, point)))).toList();
  }

  private static boolean dominates(Report.Candidate a, Report.Candidate b) {
    return a.metric() >= b.metric() && a.proveSeconds() <= b.proveSeconds()
        && (a.metric() > b.metric() || a.proveSeconds() < b.proveSeconds());
  }

  private static Report.Provenance provenance(Map<StageId, Upstream> present, Report.Zk zk) {
    TreeMap<String, String> versions = new TreeMap<>();
    versions.put("veriregime", Versions.veriregime());
    versions.put("djl", Versions.djl());
    versions.put("libtorch", Versions.pytorch());
    versions.put("onnxruntime", Versions.onnxruntime());
    versions.put("ezkl", Versions.ezkl());
    if (zk != null) {
      versions.put(zk.compile().backend(), zk.compile().backendVersion());
      zk.compared().forEach(compared -> versions.put(compared.compile().backend(), compared.compile().backendVersion()));
    }
    TreeMap<String, Report.StageProvenance> stages = new TreeMap<>();
    present.forEach((stage, upstream) -> stages.put(stage.goal(), new Report.StageProvenance(
        upstream.manifest().configHash(), upstream.manifest().inputs(), upstream.manifest().tools())));
    Report.Srs srs = null;
    if (zk != null && zk.compile().student().srs() != null) {
      var material = zk.compile().student().srs();
      srs = new Report.Srs(material.kind(), material.sha256(), !material.secure(), material.warning());
    }
    return new Report.Provenance(versions, stages, srs);
  }

  private static void write(Layout layout, Report report) {
    JsonFiles.write(layout.reportJson(), report);
    AtomicFiles.writeString(layout.reportHtml(), ReportHtml.render(report));
    AtomicFiles.writeString(layout.reportSummary(), ReportMarkdown.render(report));
    AtomicFiles.writeString(layout.gatesJUnit(), GatesJUnit.render(report.gates()));
  }
}
