package io.veriregime.runtime.report;

import io.veriregime.runtime.data.DatasetSummary;
import io.veriregime.runtime.distill.DistillSummary;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.model.Classes;
import io.veriregime.runtime.model.TrainingCurves;
import io.veriregime.runtime.optimize.MixedPrecision;
import io.veriregime.runtime.optimize.Selection;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.zk.CompileSummary;
import io.veriregime.runtime.zk.ProvingReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * {@code report.html}: one self-contained page (styles inline, charts as PNG data URIs, no script,
 * no link to anything), readable offline and attachable to a build as it is.
 */
final class ReportHtml {

  /** A backend's EVM cells when zk.evm was off. */
  private static final String NO_EVM = "not measured (zk.evm: false)";

  private final StringBuilder html = new StringBuilder();

  private ReportHtml() {}

  static String render(Report report) {
    ReportHtml page = new ReportHtml();
    page.write(report);
    return page.html.toString();
  }

  private void write(Report report) {
    html.append(Html.head("VeriRegime report", 1300, """
        .warning{background:#fff3cd;border:1px solid #e0b000;padding:.6em 1em;font-weight:bold}
        .missed{color:#b00020;font-weight:bold}.passed{color:#1b7f3b}
        .charts img{margin:0 .5em .5em 0;border:1px solid #ddd}
        code{font-size:90%}
        """)).append("<h1>VeriRegime report</h1>\n");
    Report.Srs srs = report.provenance().srs();
    if (srs != null && srs.development()) {
      html.append("<p class=\"warning\">WARNING: ").append(e(srs.warning())).append("</p>\n");
    }
    if (!report.absent().isEmpty()) {
      html.append("<p>Not run (shown as absent): ").append(e(String.join(", ", report.absent()))).append(".</p>\n");
    }
    gates(report.gates());
    if (report.data() != null) {
      data(report.data());
    }
    if (report.models() != null) {
      models(report.models());
    }
    if (report.distillation() != null) {
      distillation(report.distillation());
    }
    if (report.optimization() != null) {
      optimization(report.optimization());
    }
    if (report.zk() != null) {
      zk(report.zk());
    }
    candidates(report.candidates());
    provenance(report.provenance());
    html.append("<p>Schema version ").append(report.schemaVersion())
        .append(" (the same data: <code>report.json</code>).</p>\n</body></html>\n");
  }

  private void gates(List<GateResult> gates) {
    long missed = gates.stream().filter(GateResult::missed).count();
    long skipped = gates.stream().filter(gate -> gate.skipped() != null).count();
    html.append("<h2 id=\"gates\">Gates: ").append(missed == 0 ? (skipped == 0 ? "all passed" : "none missed") : missed + " missed")
        .append(skipped == 0 ? "" : ", " + skipped + " skipped").append("</h2>\n");
    table(List.of("gate", "threshold", "measured", "result", "measured in"), gates.stream().map(gate -> List.of(
        "<code>" + e(gate.name()) + "</code>", e(gate.threshold()), gate.measured() == null ? "not measured"
            : e(gate.measured()), gate.skipped() != null ? "<span class=\"missed\">skipped (" + e(gate.skipped()) + ")</span>"
            : gate.passed() ? "<span class=\"passed\">passed</span>" : "<span class=\"missed\">missed</span>",
        "<code>" + e(gate.where()) + "</code>")).toList());
  }

  /** A dataset.json written before klines were checked has no invalidRows. */
  private static String invalidRows(DatasetSummary.InvalidRows invalid) {
    return invalid == null ? "not checked" : count(invalid.dropped()) + " (policy " + e(invalid.policy()) + ")"
        + (invalid.first() == null ? "" : ", first " + e(invalid.first()));
  }

  private void data(DatasetSummary data) {
    html.append("<h2 id=\"data\">Data</h2>\n");
    table(List.of("source", "symbol", "range (UTC)", "rows", "gaps", "missing minutes", "gap policy",
        "invalid rows dropped", "window", "horizon", "threshold"), List.of(List.of(e(data.source()), e(data.symbol()),
        e(data.range().first() + " – " + data.range().last()), count(data.rows()), count(data.gaps().count()),
        count(data.gaps().missingMinutes()), e(data.gaps().policy()), invalidRows(data.invalidRows()),
        data.window() + " min", data.horizon() + " min", num(data.threshold()))));
    List<String> headers = new ArrayList<>(List.of("split", "windows", "first candle", "last label candle"));
    data.classes().forEach(label -> headers.add(e(label)));
    Map<String, Map<String, Integer>> balance = new LinkedHashMap<>();
    List<List<String>> rows = new ArrayList<>();
    data.splits().forEach((name, split) -> {
      balance.put(name, split.classBalance());
      List<String> row = new ArrayList<>(List.of(e(name), count(split.windows()), e(split.firstCandle()),
          e(split.lastLabelCandle())));
      data.classes().forEach(label -> row.add(String.format(Locale.ROOT, "%,d (%.1f %%)", split.classBalance().get(label),
          100.0 * split.classBalance().get(label) / Math.max(1, split.windows()))));
      rows.add(row);
    });
    table(headers, rows);
    charts(Charts.classBalance(List.copyOf(balance.keySet()), data.classes(), balance));
  }

  private void models(Report.Models models) {
    html.append("<h2 id=\"models\">Teacher and students (test split)</h2>\n")
        .append("<p>Each metric with the majority-class baseline (always predicting the train split's most"
            + " frequent class) beside it.</p>\n");
    Map<String, Report.Model> byName = new LinkedHashMap<>();
    byName.put("teacher", models.teacher());
    byName.put("student, labels only", models.baseline());
    byName.put("student, distilled", models.distilled());
    if (!models.proved().directory().equals(models.distilled().directory())) {
      byName.put("student, proved", models.proved());
    }
    List<List<String>> rows = new ArrayList<>();
    byName.forEach((name, model) -> {
      ClassificationMetrics test = model.metrics().test();
      ClassificationMetrics.Baseline baseline = test.majorityBaseline();
      rows.add(List.of(e(name) + " <code>" + e(model.directory()) + "</code>", versus(test.accuracy(), baseline.accuracy()),
          versus(test.macroF1(), baseline.macroF1()), versus(test.balancedAccuracy(), baseline.balancedAccuracy()),
          model.metrics().bestEpoch() + " of " + model.metrics().epochsRun(), count(test.samples())));
    });
    table(List.of("model", "accuracy (baseline)", "macro-F1 (baseline)", "balanced accuracy (baseline)", "best epoch",
        "test windows"), rows);
    html.append("<h3>Confusion matrices (rows: true class, columns: predicted)</h3>\n");
    List<Chart<?, ?>> confusions = new ArrayList<>();
    byName.forEach((name, model) -> confusions.add(Charts.confusion(name, model.metrics().test().confusion(),
        Classes.NAMES)));
    charts(confusions.toArray(Chart[]::new));
    html.append("<h3>Training curves</h3>\n");
    List<Chart<?, ?>> curves = new ArrayList<>();
    Map<String, TrainingCurves> curvesByModel = new LinkedHashMap<>();
    byName.forEach((name, model) -> {
      curves.add(Charts.losses(name, model.curves()));
      curvesByModel.put(name, model.curves());
    });
    curves.add(Charts.validationMacroF1(curvesByModel));
    charts(curves.toArray(Chart[]::new));
  }

  private void distillation(DistillSummary distill) {
    html.append("<h2 id=\"distillation\">Distillation</h2>\n<p>Activation <code>").append(e(distill.activation()))
        .append("</code>; kept: T = ").append(Charts.plain(distill.chosen().temperature())).append(", α = ")
        .append(Charts.plain(distill.chosen().alpha())).append(" (").append(e(distill.selection())).append(").</p>\n");
    html.append("<p><strong>").append(e(distill.verdict())).append("</strong></p>\n");
    table(List.of("temperature", "alpha", "validation loss", "validation accuracy", "validation macro-F1",
        "test accuracy", "test macro-F1", "best epoch"), distill.grid().stream().map(point -> List.of(
        Charts.plain(point.temperature()), Charts.plain(point.alpha()), num(point.validationLoss()),
        num(point.validation().accuracy()), num(point.validation().macroF1()), num(point.test().accuracy()),
        num(point.test().macroF1()), Integer.toString(point.bestEpoch()))).toList());
    table(List.of("what distillation bought (test)", "accuracy", "macro-F1"), List.of(
        List.of("student, labels only", num(distill.baseline().test().accuracy()),
            num(distill.baseline().test().macroF1())),
        List.of("student, distilled", num(distill.distilled().test().accuracy()),
            num(distill.distilled().test().macroF1())),
        List.of("gain (distilled − labels only)", signed(distill.distillationGain().accuracy()),
            signed(distill.distillationGain().macroF1())),
        List.of("retention of the teacher, labels only", num(distill.retention().baseline().accuracy()),
            num(distill.retention().baseline().macroF1())),
        List.of("retention of the teacher, distilled", num(distill.retention().distilled().accuracy()),
            num(distill.retention().distilled().macroF1()))));
    charts(Charts.distillationGrid(distill.grid()));
  }

  /**
   * The student's circuit and proofs, one column per backend: the primary one (whose proofs the
   * gates judge) first, then each compared one, so the proof systems read side by side.
   */
  private void zk(Report.Zk zk) {
    CompileSummary compile = zk.compile();
    html.append("<h2 id=\"zk\">Zero-knowledge proofs</h2>\n<p>Backend <code>").append(e(compile.backend()))
        .append("</code> ").append(e(compile.backendVersion()));
    if (!zk.compared().isEmpty()) {
      html.append(", compared with ").append(String.join(", ", zk.compared().stream()
          .map(compared -> "<code>" + e(compared.compile().backend()) + "</code> " + e(compared.compile().backendVersion()))
          .toList())).append(" on the same student; the gates judge the first");
    }
    html.append(".</p>\n");
    ProvingReport proving = zk.proving();
    if (proving == null) {
      html.append("<p>zk-prove did not run: the circuit was compiled but nothing was proved.</p>\n");
    } else {
      List<ProvingReport> backends = new ArrayList<>(List.of(proving));
      zk.compared().forEach(compared -> backends.add(compared.proving()));
      List<String> headers = new ArrayList<>(List.of("student circuit"));
      backends.forEach(backend -> headers.add(e(backend.backend()) + " " + e(backend.backendVersion())));
      table(headers, List.of(
          row("verified", backends, b -> b.verified() ? "yes, every proof" : "<span class=\"missed\">no</span>"),
          row("logrows / rows (Halo2) or constraints (R1CS)", backends,
              b -> b.student().logrows() + " / " + count(b.student().rows())),
          row("proof size", backends, b -> bytes(b.student().proofBytes()) + " (proof file "
              + bytes(b.student().proofFileBytes()) + ")"),
          row("verifying key / proving key", backends,
              b -> bytes(b.student().vkBytes()) + " / " + bytes(b.student().pkBytes())),
          row("setup material", backends, b -> b.srs() == null ? "" : e(b.srs().kind())
              + (b.srs().secure() ? "" : " — <span class=\"missed\">insecure, development only</span>")),
          row("setup", backends, b -> timing(b.student().setup())),
          row("witness", backends, b -> timing(b.student().witness())),
          row("prove", backends, b -> timing(b.student().prove())),
          row("prove, CPU time", backends, b -> timing(b.student().proveCpu())),
          row("verify", backends, b -> timing(b.student().verify())),
          row("peak memory", backends, b -> bytes(b.student().peakMemoryBytes())),
          row("circuit vs float: max |error|", backends,
              b -> String.format(Locale.ROOT, "%.3g", b.student().maxAbsError())),
          row("circuit vs float: argmax agreement", backends, b -> num(b.student().argmaxAgreement())),
          row("tampered proofs rejected", backends, b -> String.join(", ", b.tamperedProofsRejected().keySet().stream()
              .map(ReportHtml::e).toList())),
          row("EVM verifier: deployed size", backends, b -> b.evm() == null ? NO_EVM : bytes(b.evm().onChain().deployedBytes())
              + (b.evm().onChain().fitsMainnet() ? "" : " — <span class=\"missed\">over EIP-170's "
              + count(EvmVerifier.MAX_CONTRACT_BYTES) + ": mainnet would not deploy it</span>")),
          row("EVM verifier: deployment gas", backends,
              b -> b.evm() == null ? NO_EVM : count(b.evm().onChain().deploymentGas())),
          row("EVM verifier: verifyProof gas", backends, b -> b.evm() == null ? NO_EVM
              : count(b.evm().onChain().verifyGas()) + (b.evm().onChain().accepted() ? ", proof accepted"
              : ", <span class=\"missed\">proof rejected</span>")
              + (b.evm().onChain().tamperedRejected() ? "; a changed public input rejected" : ""))));
      html.append("<p>Peak memory: ").append(e(proving.student().peakMemorySource())).append(".</p>\n");
      List<List<String>> tamper = new ArrayList<>();
      backends.forEach(backend -> backend.tamperedProofsRejected().forEach((how, reason) ->
          tamper.add(List.of(e(backend.backend()), e(how), "rejected: " + e(reason)))));
      table(List.of("backend", "tampered proof", "verifier"), tamper);
    }
    CompileSummary.Circuit teacher = compile.teacher();
    if (teacher == null) {
      html.append("<p>Teacher not compiled (<code>zk.teacher: false</code>): no proving speed-up to report.</p>\n");
    } else if (zk.speedUp() != null) {
      Report.SpeedUp speedUp = zk.speedUp();
      html.append(String.format(Locale.ROOT, "<p>Proving speed-up of the student over the teacher: <b>%.1f×</b> (%s:"
              + " teacher %.1f s, student %.2f s per proof; teacher logrows %d, rows %,d)%s.</p>%n",
          speedUp.teacherOverStudentProveTime(), e(speedUp.ratioIs()), speedUp.teacherProveSeconds(),
          speedUp.studentProveSeconds(), teacher.logrows(), teacher.rows(),
          speedUp.reason() == null ? "" : "; the teacher was not proved: " + e(speedUp.reason())));
    }
  }

  private void optimization(Selection selection) {
    html.append("<h2 id=\"optimization\">Optimisation candidates</h2>\n");
    if (selection.skipped()) {
      html.append("<p>").append(e(selection.reason())).append("</p>\n");
      return;
    }
    html.append("<p>Chosen: <b>").append(e(selection.chosen())).append("</b>: ").append(e(selection.reason()))
        .append(". Cost: ").append(e(selection.costMeasure())).append(".</p>\n");
    String metric = e(selection.metric());
    table(List.of("candidate", "activation", "validation " + metric, "drop vs distilled", "test " + metric, e(selection.costUnit()),
        "logrows", "chosen"), selection.candidates().stream().map(c -> c.failure() != null
        ? List.of(e(c.name()), e(c.activation()), "failed: " + e(c.failure()), "", "", "", "", "")
        : List.of(e(c.name()), e(c.activation()), num(Charts.score(c.validation(), selection.metric())),
            num(c.validationDrop()), num(Charts.score(c.test(), selection.metric())), count(c.cost().rows()),
            String.valueOf(c.cost().logrows()), c.name().equals(selection.chosen()) ? "yes" : "")).toList());
    charts(Charts.metricVersusRows(selection));
    selection.candidates().stream().filter(c -> c.mixedPrecision() != null)
        .forEach(c -> mixedPrecision(c.name(), c.mixedPrecision(), selection.metric()));
  }

  /** The Hessian traces, the sensitivities Ω and the widths chosen, and what the circuit made of them. */
  private void mixedPrecision(String candidate, MixedPrecision mixed, String metric) {
    html.append("<h3>Mixed precision: ").append(e(candidate)).append("</h3>\n");
    html.append(String.format(Locale.ROOT, "<p>Per-layer weight widths %d–%d bits under an average of at most %s"
            + " (%s); this allocation averages %.3f bits. Sensitivity Ω(b) = tr(H)/n · ‖Q<sub>b</sub>(W) − W‖²;"
            + " Hessian traces by %s, %d probes per layer on %,d train samples (%.1f s). Validation %s with these"
            + " widths before fine-tuning: %s.</p>%n", mixed.minBits(), mixed.maxBits(),
        Charts.plain(mixed.averageBitsBudget()), e(mixed.averageIs()), mixed.averageBits(), e(mixed.hessian()),
        mixed.probes(), mixed.samples(), mixed.hessianSeconds(), e(metric),
        num(Charts.score(mixed.postTrainingValidation(), metric))));
    List<String> headers = new ArrayList<>(List.of("layer", "weights", "Hessian trace ± s.e."));
    mixed.layers().get(0).omega().forEach(omega -> headers.add("Ω at " + omega.bits() + " bits"));
    headers.add("bits");
    table(headers, mixed.layers().stream().map(layer -> {
      List<String> row = new ArrayList<>(List.of(e(layer.layer()), count(layer.parameters()),
          String.format(Locale.ROOT, "%.4g ± %.2g", layer.hessianTrace(), layer.hessianTraceStandardError())));
      layer.omega().forEach(omega -> row.add(String.format(Locale.ROOT, "%.3g", omega.omega())));
      row.add("<b>" + layer.bits() + "</b>");
      return row;
    }).toList());
    html.append("<p>Circuit: ").append(mixed.circuit() == null ? "not compiled, so nothing measured"
        : e(mixed.circuit().statement())).append(".</p>\n");
  }

  private void candidates(List<Report.Candidate> candidates) {
    html.append("<h2 id=\"pareto\">Accuracy vs proving cost</h2>\n");
    if (candidates.isEmpty()) {
      html.append("<p>No candidate has a proving cost (zk-prove did not run).</p>\n");
      return;
    }
    table(List.of("candidate", "test " + e(candidates.get(0).metricName()), "seconds per proof", "cost", "Pareto front"),
        candidates.stream().map(c -> List.of(e(c.name()), num(c.metric()),
            String.format(Locale.ROOT, "%.2f", c.proveSeconds()), e(c.costIs()), c.paretoOptimal() ? "yes" : "no"))
            .toList());
    charts(Charts.accuracyVersusCost(candidates));
  }

  private void provenance(Report.Provenance provenance) {
    html.append("<h2 id=\"provenance\">Provenance</h2>\n");
    table(List.of("tool", "version"), provenance.versions().entrySet().stream()
        .map(entry -> List.of(e(entry.getKey()), e(entry.getValue()))).toList());
    Report.Srs srs = provenance.srs();
    if (srs != null) {
      html.append("<p>SRS: ").append(e(srs.kind())).append(", sha256 <code>").append(e(String.valueOf(srs.sha256())))
          .append("</code>").append(srs.development() ? " — <span class=\"missed\">development only</span>"
              : " (trusted file)").append(".</p>\n");
    }
    List<List<String>> rows = new ArrayList<>();
    provenance.stages().forEach((stage, recorded) -> {
      StringBuilder inputs = new StringBuilder();
      recorded.inputs().forEach((name, hash) -> inputs.append(e(name)).append(": <code>").append(e(hash))
          .append("</code><br>"));
      StringBuilder tools = new StringBuilder();
      recorded.tools().forEach((name, version) -> tools.append(e(name)).append(' ').append(e(version)).append("<br>"));
      rows.add(List.of(e(stage), "<code>" + e(recorded.configHash()) + "</code>", inputs.toString(), tools.toString()));
    });
    table(List.of("stage", "configuration sha256", "inputs (sha256)", "tools"), rows);
  }

  private void table(List<String> headers, List<List<String>> rows) {
    html.append("<table><tr>");
    headers.forEach(header -> html.append("<th>").append(header).append("</th>"));
    html.append("</tr>\n");
    for (List<String> row : rows) {
      html.append("<tr>");
      row.forEach(cell -> html.append("<td>").append(cell).append("</td>"));
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  private void charts(Chart<?, ?>... charts) {
    html.append("<div class=\"charts\">");
    for (Chart<?, ?> chart : charts) {
      html.append("<img alt=\"").append(e(chart.getTitle())).append("\" width=\"").append(chart.getWidth())
          .append("\" height=\"").append(chart.getHeight()).append("\" src=\"").append(Charts.dataUri(chart))
          .append("\">");
    }
    html.append("</div>\n");
  }

  /** A table row: its label, then one cell per backend. */
  private static List<String> row(String label, List<ProvingReport> backends, Function<ProvingReport, String> cell) {
    List<String> row = new ArrayList<>(List.of(label));
    backends.forEach(backend -> row.add(cell.apply(backend)));
    return row;
  }

  private static String versus(double value, double baseline) {
    return String.format(Locale.ROOT, "%.4f (%.4f)", value, baseline);
  }

  private static String timing(ProvingReport.TimingSummary timing) {
    return timing.standardErrorSeconds() == null
        ? String.format(Locale.ROOT, "%.3f s (1 round)", timing.meanSeconds())
        : String.format(Locale.ROOT, "%.3f ± %.3f s (%d rounds)", timing.meanSeconds(), timing.standardErrorSeconds(),
            timing.rounds());
  }

  private static String bytes(long bytes) {
    return String.format(Locale.ROOT, "%,d bytes", bytes);
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String num(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static String signed(double value) {
    return String.format(Locale.ROOT, "%+.4f", value);
  }

  private static String e(String text) {
    return Html.escape(text);
  }
}
