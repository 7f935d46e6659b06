package io.veriregime.runtime.report;

import io.veriregime.runtime.zk.ProvingReport;
import java.util.Locale;

/** {@code summary.md}: the gates and the headline figures as a short table for a CI job summary. */
final class ReportMarkdown {

  private ReportMarkdown() {}

  static String render(Report report) {
    long passed = report.gates().stream().filter(GateResult::passed).count();
    long skipped = report.gates().stream().filter(gate -> gate.skipped() != null).count();
    StringBuilder md = new StringBuilder("## VeriRegime: ").append(passed).append(" of ").append(report.gates().size())
        .append(" gates passed").append(skipped == 0 ? "" : ", " + skipped + " skipped").append("\n\n");
    if (report.provenance().srs() != null && report.provenance().srs().development()) {
      md.append("> **WARNING:** ").append(report.provenance().srs().warning()).append("\n\n");
    }
    if (!report.absent().isEmpty()) {
      md.append("Not run: ").append(String.join(", ", report.absent())).append(".\n\n");
    }
    md.append("| gate | threshold | measured | result |\n|---|---|---|---|\n");
    for (GateResult gate : report.gates()) {
      md.append("| `").append(gate.name()).append("` | ").append(gate.threshold()).append(" | ")
          .append(gate.measured() == null ? "not measured" : gate.measured()).append(" | ")
          .append(gate.skipped() != null ? "skipped (" + gate.skipped() + ")" : gate.passed() ? "passed" : "**missed**")
          .append(" |\n");
    }
    if (report.models() != null) {
      md.append("\n| model | test accuracy | test macro-F1 | majority baseline (accuracy / macro-F1) |\n|---|---|---|---|\n");
      row(md, "teacher", report.models().teacher());
      row(md, "distilled student", report.models().distilled());
    }
    if (report.distillation() != null) {
      md.append('\n').append(report.distillation().verdict()).append('\n');
    }
    if (report.optimization() != null) {
      // what mixed precision did to the circuit, measured, never a saving it did not show
      report.optimization().candidates().stream().filter(c -> c.mixedPrecision() != null).forEach(c -> md.append(
          String.format(Locale.ROOT, "%nMixed precision (`%s`): widths %s, average %.3f bits; %s.%n", c.name(),
              c.mixedPrecision().layers().stream().map(layer -> layer.layer() + " " + layer.bits()).toList(),
              c.mixedPrecision().averageBits(), c.mixedPrecision().circuit() == null ? "its circuit was not compiled"
                  : c.mixedPrecision().circuit().statement())));
    }
    if (report.zk() != null && report.zk().proving() != null) {
      md.append('\n');
      proof(md, report.zk().proving());
      report.zk().compared().forEach(compared -> proof(md, compared.proving()));
    }
    return md.toString();
  }

  private static void proof(StringBuilder md, ProvingReport proving) {
    ProvingReport.CircuitProofs student = proving.student();
    md.append(String.format(Locale.ROOT, "Student proof (%s %s): %.2f s, %,d bytes, peak memory %,d MB, verified: %s%s.%n",
        proving.backend(), proving.backendVersion(), student.prove().meanSeconds(), student.proofBytes(),
        student.peakMemoryBytes() >> 20, proving.verified(), proving.evm() == null ? ""
            : String.format(Locale.ROOT, "; on the EVM %,d gas per verification, contract %,d bytes",
                proving.evm().onChain().verifyGas(), proving.evm().onChain().deployedBytes())));
  }

  private static void row(StringBuilder md, String name, Report.Model model) {
    var test = model.metrics().test();
    md.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f / %.4f |%n", name, test.accuracy(), test.macroF1(),
        test.majorityBaseline().accuracy(), test.majorityBaseline().macroF1()));
  }
}
