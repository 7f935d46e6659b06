package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.execution.Engines;
import io.veriregime.runtime.execution.Job;
import io.veriregime.runtime.execution.Task;
import io.veriregime.runtime.execution.TaskEngine;
import io.veriregime.runtime.execution.TaskFunction;
import io.veriregime.runtime.execution.TaskOutcome;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.report.GateResult;
import io.veriregime.runtime.report.Report;
import io.veriregime.runtime.report.SweepHtml;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.Upstream;
import io.veriregime.runtime.sweep.SweepChoice;
import io.veriregime.runtime.sweep.SweepPlan;
import io.veriregime.runtime.sweep.SweepSummary;
import io.veriregime.runtime.sweep.Variant;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.zk.ProvingReport;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The sweep goal: every variant of {@code sweep:} ({@link SweepPlan}) through the pipeline up to the
 * report, each in {@code sweep/<id>/} in the usual layout, as tasks of this machine's engine (one at a
 * time unless cluster.parallelism says more; with cluster.engine spark, each variant's zk-prove sends
 * its shares to the cluster). A variant starts from the shared stages of the finished
 * ones ({@link SharedStages}), checked by each stage before use. Writes {@code sweep/summary.json}
 * ({@link SweepSummary}) and {@code sweep/report.html}. The variants' gates are reported, not enforced:
 * a sweep compares variants, and one that misses a gate is a result, not a broken build.
 */
public final class SweepRunner {

  /** What every variant runs: the report and every stage it reads (the bundle is for the variant a team keeps). */
  static final List<String> VARIANT_STAGES = Stream.concat(StageId.REPORT.reads().stream(), Stream.of(StageId.REPORT))
      .map(StageId::goal).toList();
  public static final String SUMMARY = "summary.json";
  public static final String HTML = "report.html";

  private SweepRunner() {}

  /** The sweep's directory under an output root. */
  public static Path sweepDir(Path outputRoot) {
    return outputRoot.resolve("sweep");
  }

  public static SweepSummary run(StageRunner runner, StageRequest request, StageLog log) {
    long started = System.nanoTime();
    Experiment experiment = ExperimentLoader.load(request.experimentFile(), request.overrides());
    List<Variant> variants = SweepPlan.variants(experiment);
    Path sweepDir = sweepDir(request.outputRoot());
    log.info("sweep: " + variants.size() + " variant(s) of " + experiment.config().name() + ": "
        + String.join(", ", variants.stream().map(Variant::id).toList()));
    List<SharedStages.Finished> finished = new CopyOnWriteArrayList<>();
    TaskFunction<Variant, SweepSummary.VariantResult> runVariant = (variant, attempt) -> {
      Map<String, String> overrides = new HashMap<>(request.overrides());
      overrides.putAll(variant.overrides());
      overrides.put("gates.skip", "true");
      Path root = sweepDir.resolve(variant.id());
      Experiment loaded = ExperimentLoader.load(request.experimentFile(), overrides);
      Map<String, String> sharedFrom = SharedStages.layIn(root, loaded.config(), finished);
      if (!sharedFrom.isEmpty()) {
        log.info("sweep: " + variant.id() + " starts from " + sharedFrom + " (each checked against its manifest)");
      }
      runner.run(new StageRequest(VARIANT_STAGES, request.experimentFile(), overrides, root, request.offline(),
          request.force(), request.proxies()));
      finished.add(new SharedStages.Finished(variant.id(), root, loaded.config()));
      return measured(variant, root, sweepDir, sharedFrom, log);
    };
    List<Task<Variant>> tasks = variants.stream().map(variant -> new Task<>(variant.id(),
        variant.overrides().isEmpty() ? "the experiment as written" : variant.overrides().toString(), variant)).toList();
    List<TaskOutcome<SweepSummary.VariantResult>> outcomes;
    // the variants' stages run on the driver (fetch-data, training, the report); their proof shares go to cluster.engine
    try (TaskEngine engine = Engines.local(experiment.config().cluster(), log)) {
      outcomes = engine.run(new Job<>("sweep", tasks, runVariant, Math.max(1, experiment.config().cluster().parallelism())));
    }
    SweepSummary summary = SweepChoice.summarise(experiment.config().name(),
        experiment.config().sweep().selectBy().yamlName(), outcomes.stream().map(TaskOutcome::result).toList(),
        (System.nanoTime() - started) / 1e9);
    JsonFiles.write(sweepDir.resolve(SUMMARY), summary);
    SweepHtml.write(summary, sweepDir.resolve(HTML));
    log.info(String.format(Locale.ROOT, "sweep: %d variant(s) in %.0f s; chosen %s: %s; %s", variants.size(),
        summary.wallSeconds(), summary.chosen(), summary.reason(), sweepDir.resolve(HTML)));
    return summary;
  }

  /** A variant's figures from its own report.json, read only after the report's manifest vouched for it. */
  private static SweepSummary.VariantResult measured(Variant variant, Path root, Path sweepDir,
                                                     Map<String, String> sharedFrom, StageLog log) {
    Layout layout = Layout.at(root);
    Upstream.verify(layout.reportDir(), StageId.REPORT, log);
    Report report = JsonFiles.read(layout.reportJson(), Report.class);
    if (report.models() == null || report.models().proved() == null || report.zk() == null
        || report.zk().proving() == null) {
      throw new VeriRegimeException("sweep: the variant " + variant.id() + " has no proved student in " + layout.reportJson()
          + " (absent: " + report.absent() + "). Run the sweep again; report it if it persists.");
    }
    ProvingReport proving = report.zk().proving();
    ProvingReport.CircuitProofs student = proving.student();
    List<GateResult> gates = report.gates();
    return new SweepSummary.VariantResult(variant.id(), variant.overrides(), sweepDir.relativize(root).toString(),
        sharedFrom, scores(report.models().proved().metrics().validation()),
        scores(report.models().proved().metrics().test()), proving.backend(), student.rows(),
        report.zk().compile().student().rowsAre(), timing(student.setup()),
        timing(student.prove()), timing(student.verify()), student.proofBytes(), student.vkBytes(), student.pkBytes(),
        student.rounds().size(), proving.verified(), (int) gates.stream().filter(GateResult::passed).count(),
        gates.size(), false, false);
  }

  private static SweepSummary.Scores scores(ClassificationMetrics metrics) {
    return new SweepSummary.Scores(metrics.accuracy(), metrics.macroF1(), metrics.balancedAccuracy());
  }

  private static SweepSummary.Timing timing(ProvingReport.TimingSummary summary) {
    return new SweepSummary.Timing(summary.meanSeconds(), summary.standardErrorSeconds());
  }
}
