package io.veriregime.runtime.report;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Upstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gates of several experiment modules (a Maven reactor's) in one table: each module's report, checked
 * against its manifest, read as {@code report.json}; {@code summary.md} with a row per module and gate;
 * then one failure listing every module's missed gates. Modules that report with {@code gates.skip} leave
 * the verdict to this aggregate, which judges them all together.
 */
public final class GatesAggregate {

  public static final String NAME = "report-aggregate";
  public static final String SUMMARY = "summary.md";

  private GatesAggregate() {}

  /**
   * @param modules module name to its output root ({@code target/veriregime}), in build order
   * @param outputDir where {@code summary.md} is written
   * @return the summary written
   */
  public static Path write(Map<String, Path> modules, Path outputDir, StageLog log) {
    StringBuilder table = new StringBuilder("| module | gate | threshold | measured | result |\n|---|---|---|---|---|\n");
    List<String> missed = new ArrayList<>();
    int gates = 0;
    int passed = 0;
    for (Map.Entry<String, Path> module : modules.entrySet()) {
      for (GateResult gate : report(module.getKey(), Layout.at(module.getValue()), log).gates()) {
        gates++;
        passed += gate.passed() ? 1 : 0;
        table.append("| ").append(module.getKey()).append(" | `").append(gate.name()).append("` | ")
            .append(gate.threshold()).append(" | ").append(gate.measured() == null ? "not measured" : gate.measured())
            .append(" | ").append(gate.skipped() != null ? "skipped (" + gate.skipped() + ")"
                : gate.passed() ? "passed" : "**missed**").append(" |\n");
        if (gate.missed()) {
          missed.add(module.getKey() + ": " + gate.describe());
        }
      }
    }
    String heading = "## VeriRegime: " + passed + " of " + gates + " gates passed in " + modules.size() + " modules\n\n";
    Path summary = outputDir.resolve(SUMMARY);
    AtomicFiles.writeString(summary, heading + table);
    log.info(NAME + ": " + heading.substring(3).trim() + " (" + summary + ")");
    table.toString().lines().skip(2).forEach(row -> log.info(NAME + ": " + row));
    StepSummary.append(summary, System.getenv(), NAME, log);
    if (!missed.isEmpty()) {
      throw new GatesMissedException(missed.size() + " gates missed across the modules (details in " + summary + "):\n  - "
          + String.join("\n  - ", missed) + "\nImprove the results, or change the thresholds under gates: (the parent"
          + " pom's inline experiment, a module's experiment, or -Dveriregime.gates.<name>=value).");
    }
    return summary;
  }

  /** A module's report, checked against its manifest; a module without one is named with the goal to run. */
  private static Report report(String module, Layout layout, StageLog log) {
    if (!Files.isRegularFile(layout.reportDir().resolve(StageWorkspace.MANIFEST))) {
      throw new VeriRegimeException(NAME + ": module " + module + " has no report in " + layout.reportDir()
          + ". Run its report goal first (mvn verify builds the modules before this one when it depends on them).");
    }
    Upstream.verify(layout.reportDir(), StageId.REPORT, log);
    return Report.read(layout.reportJson());
  }
}
