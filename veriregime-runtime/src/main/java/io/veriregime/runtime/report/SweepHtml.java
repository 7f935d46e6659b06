package io.veriregime.runtime.report;

import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.sweep.SweepSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;

/**
 * {@code sweep/report.html}: one self-contained page (inline styles, charts as PNG data URIs, no
 * script, no link) with a row per variant and the two Pareto charts of the sweep's validation metric
 * against prove time and against circuit size.
 */
public final class SweepHtml {

  private final StringBuilder html = new StringBuilder();

  private SweepHtml() {}

  public static void write(SweepSummary summary, Path file) {
    AtomicFiles.writeString(file, render(summary));
  }

  static String render(SweepSummary summary) {
    SweepHtml page = new SweepHtml();
    page.page(summary);
    return page.html.toString();
  }

  private void page(SweepSummary summary) {
    String metric = summary.selectBy();
    html.append(Html.head("VeriRegime sweep", 1400, """
        td.text{text-align:left}
        tr.chosen{background:#e8f5e9;font-weight:bold}
        img{max-width:100%}
        """));
    html.append("<h1>Sweep of ").append(e(summary.experiment())).append("</h1>\n");
    html.append(String.format(Locale.ROOT, "<p id=\"choice\">%d variant(s) in %.0f s. Chosen: <b>%s</b>: %s.</p>%n",
        summary.variants().size(), summary.wallSeconds(), e(String.valueOf(summary.chosen())), e(summary.reason())));
    table(summary, metric);
    List<SweepSummary.VariantResult> verified = summary.variants().stream().filter(SweepSummary.VariantResult::verified)
        .toList();
    if (!verified.isEmpty()) {
      html.append("<h2>Validation ").append(e(metric)).append(" against proving cost</h2>\n");
      chart("prove-time", Charts.scoreVersusCost("Validation " + metric + " vs prove time", "seconds per proof (log scale)",
          metric, points(summary, verified, v -> v.prove().meanSeconds(), SweepSummary.VariantResult::paretoProveTime), true));
      chart("circuit-size", Charts.scoreVersusCost("Validation " + metric + " vs circuit size",
          "circuit rows (EZKL) or constraints (Groth16)", metric,
          points(summary, verified, SweepSummary.VariantResult::rows, SweepSummary.VariantResult::paretoCircuitSize), false));
    }
    html.append("</body></html>\n");
  }

  private void table(SweepSummary summary, String metric) {
    html.append("<table id=\"variants\"><tr><th>variant</th><th>values</th><th>shared stages</th><th>validation ")
        .append(e(metric)).append("</th><th>validation accuracy</th><th>test accuracy</th><th>test macro-F1</th>")
        .append("<th>backend</th><th>circuit size</th><th>unit</th><th>setup s</th><th>prove s</th><th>verify s</th>")
        .append("<th>proof B</th><th>vk B</th><th>pk B</th><th>proofs verified</th><th>gates passed</th>")
        .append("<th>Pareto (time, size)</th></tr>\n");
    for (SweepSummary.VariantResult v : summary.variants()) {
      boolean chosen = v.id().equals(summary.chosen());
      html.append(chosen ? "<tr class=\"chosen\">" : "<tr>")
          .append(td(v.id() + (chosen ? " (chosen)" : "")))
          .append(td(v.overrides().entrySet().stream().map(o -> o.getKey() + ": " + o.getValue())
              .collect(Collectors.joining(", "))))
          .append(td(shared(v.sharedFrom())))
          .append(number(v.selectionScore(metric))).append(number(v.validation().accuracy()))
          .append(number(v.test().accuracy())).append(number(v.test().macroF1()))
          .append(td(v.backend())).append(count(v.rows()) + td(v.rowsAre()))
          .append(timing(v.setup())).append(timing(v.prove())).append(timing(v.verify()))
          .append(count(v.proofBytes())).append(count(v.vkBytes())).append(count(v.pkBytes()))
          .append(td((v.verified() ? "all " : "NOT ") + v.proofs()))
          .append(td(v.gatesPassed() + " of " + v.gates()))
          .append(td((v.paretoProveTime() ? "yes" : "no") + ", " + (v.paretoCircuitSize() ? "yes" : "no")))
          .append("</tr>\n");
    }
    html.append("</table>\n<p>Gates are reported per variant, not enforced: a sweep compares. The choice reads"
        + " validation scores only.</p>\n");
  }

  private static List<Charts.Point> points(SweepSummary summary, List<SweepSummary.VariantResult> variants,
                                           ToDoubleFunction<SweepSummary.VariantResult> cost,
                                           Predicate<SweepSummary.VariantResult> onFront) {
    return variants.stream().map(v -> new Charts.Point(v.id(), cost.applyAsDouble(v), v.selectionScore(summary.selectBy()),
        onFront.test(v), v.id().equals(summary.chosen()))).toList();
  }

  private void chart(String id, XYChart chart) {
    html.append("<img id=\"").append(id).append("\" alt=\"").append(e(chart.getTitle())).append("\" src=\"")
        .append(Charts.dataUri(chart)).append("\">\n");
  }

  private static String shared(Map<String, String> sharedFrom) {
    return sharedFrom.isEmpty() ? "none" : sharedFrom.entrySet().stream()
        .map(s -> s.getKey() + " from " + s.getValue()).collect(Collectors.joining(", "));
  }

  private static String td(String text) {
    return "<td class=\"text\">" + e(text) + "</td>";
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "<td>%.4f</td>", value);
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "<td>%,d</td>", value);
  }

  private static String timing(SweepSummary.Timing timing) {
    return timing.standardErrorSeconds() == null ? String.format(Locale.ROOT, "<td>%.3f</td>", timing.meanSeconds())
        : String.format(Locale.ROOT, "<td>%.3f ± %.3f</td>", timing.meanSeconds(), timing.standardErrorSeconds());
  }

  private static String e(String text) {
    return Html.escape(text);
  }
}
