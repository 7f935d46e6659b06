package io.veriregime.runtime.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.testdata.RunsTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several modules' gates in one table, and one failure naming every module's missed gate. */
@RunsTools
class GatesAggregateTest {

  @BeforeAll
  static void pipeline() {
    ReportFixture.build();
  }

  @Test
  void oneTableOfEveryModulesGates(@TempDir Path out) throws IOException {
    ReportFixture.run(List.of("report"), ReportFixture.PASSING_GATES, new RecordingLog());
    Map<String, Path> modules = new LinkedHashMap<>();
    modules.put("signals-a", ReportFixture.OUTPUT);
    modules.put("signals-b", ReportFixture.OUTPUT);
    RecordingLog log = new RecordingLog();

    Path summary = GatesAggregate.write(modules, out, log);

    String table = Files.readString(summary);
    assertThat(table).startsWith("## VeriRegime: 18 of 18 gates passed in 2 modules\n\n| module | gate |")
        .contains("| signals-a | `minRetention` | >= ").contains("| signals-b | `requireVerified` | required | verified | passed |");
    assertThat(table.lines().filter(line -> line.startsWith("| signals-"))).hasSize(18);
    assertThat(log.contains("report-aggregate: | signals-b | `maxProveSeconds`")).isTrue();
  }

  @Test
  void aMissedGateInAnyModuleFailsNamingTheModule(@TempDir Path out) {
    Map<String, String> strict = new LinkedHashMap<>(ReportFixture.PASSING_GATES);
    strict.put("gates.minRetention", "50");
    strict.put("gates.skip", "true"); // the module reports without failing; the aggregate judges
    ReportFixture.run(List.of("report"), strict, new RecordingLog());
    try {
      assertThatThrownBy(() -> GatesAggregate.write(Map.of("signals-a", ReportFixture.OUTPUT), out, new RecordingLog()))
          .isInstanceOf(GatesMissedException.class)
          .hasMessageStartingWith("1 gates missed across the modules")
          .hasMessageContaining("signals-a: minRetention: threshold >= 50.0000, measured");
      assertThat(out.resolve(GatesAggregate.SUMMARY)).content().contains("| signals-a | `minRetention` | >= 50.0000 |")
          .contains("**missed**");
    } finally {
      ReportFixture.run(List.of("report"), ReportFixture.PASSING_GATES, new RecordingLog());
    }
  }

  @Test
  void aModuleWithoutAReportIsNamedWithTheGoalToRun(@TempDir Path out) {
    assertThatThrownBy(() -> GatesAggregate.write(Map.of("signals-c", out.resolve("none")), out, new RecordingLog()))
        .hasMessageStartingWith("report-aggregate: module signals-c has no report in")
        .hasMessageContaining("Run its report goal first");
  }
}
