package io.veriregime.runtime.report;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.optimize.MixedPrecision;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.testdata.TestFiles;
import io.veriregime.runtime.zk.ProvingReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The report stage on a real pipeline's outputs: every section, the gates and their enforcement. */
@RunsTools
class ReportStageTest {

  private static final Layout LAYOUT = Layout.at(ReportFixture.OUTPUT);

  @BeforeAll
  static void pipeline() {
    ReportFixture.build();
  }

  private static Map<String, String> gates(String... keyValues) {
    Map<String, String> overrides = new HashMap<>(ReportFixture.PASSING_GATES);
    for (int i = 0; i < keyValues.length; i += 2) {
      overrides.put(keyValues[i], keyValues[i + 1]);
    }
    return overrides;
  }

  @Test
  void reportJsonHoldsEverySectionAndTheGatesPass() {
    ReportFixture.run(List.of("report"), gates(), new RecordingLog());
    Report report = Report.read(LAYOUT.reportJson());

    assertThat(report.schemaVersion()).isEqualTo(Report.SCHEMA_VERSION);
    assertThat(report.absent()).isEmpty();
    assertThat(report.data().splits()).containsOnlyKeys("train", "validation", "test");
    assertThat(report.data().splits().get("test").classBalance()).containsOnlyKeys("SELL", "HOLD", "BUY");
    assertThat(report.models().teacher().curves().epochs()).hasSize(2);
    // optimize chose the student zk-compile proved
    assertThat(report.models().proved().directory()).isEqualTo("optimize/student");
    assertThat(report.optimization().chosen()).isNotBlank();
    assertThat(report.optimization().candidates()).extracting(candidate -> candidate.name())
        .contains("distilled", "relu", "square", "hawq");
    assertThat(report.distillation().grid()).hasSize(1);
    assertThat(report.zk().proving().verified()).isTrue();
    assertThat(report.zk().proving().student().prove().rounds()).isEqualTo(2);
    assertThat(report.zk().speedUp()).isNull(); // zk.teacher: false
    assertThat(report.candidates()).singleElement().satisfies(candidate -> {
      assertThat(candidate.costIs()).isEqualTo("measured");
      assertThat(candidate.paretoOptimal()).isTrue();
    });
    assertThat(report.gates()).extracting(GateResult::name).containsExactly("minTeacherMacroF1OverBaseline",
        "minTeacherBalancedAccuracy", "minRetention", "maxOptimizeDrop", "maxProveSeconds", "maxProofBytes",
        "maxPeakMemory", "requireVerified", "requireProductionSrs");
    assertThat(report.gates()).allSatisfy(gate -> {
      assertThat(gate.passed()).as(gate.describe()).isTrue();
      assertThat(gate.measured()).isNotNull();
    });
    // the macro-F1 (gates.retentionMetric's default) the optimised (proved) student gave up against the distilled one
    assertThat(report.gates().get(3).measured()).isEqualTo(String.format(java.util.Locale.ROOT, "%.4f",
        report.models().distilled().metrics().test().macroF1() - report.models().proved().metrics().test().macroF1()));
    assertThat(report.provenance().srs().development()).isTrue();
    assertThat(report.provenance().versions()).containsKeys("veriregime", "djl", "libtorch", "ezkl")
        .containsEntry("groth16", "0.7.6");
    assertThat(report.provenance().stages()).containsOnlyKeys("fetch-data", "train-teacher", "distill", "optimize",
        "zk-compile", "zk-prove");
  }

  @Test
  void theZkSectionShowsEachBackendSideBySideWithItsVerifierOnTheEvm() throws IOException {
    ReportFixture.run(List.of("report"), gates(), new RecordingLog());
    Report report = Report.read(LAYOUT.reportJson());

    assertThat(report.zk().proving().backend()).isEqualTo("ezkl");
    assertThat(report.zk().compared()).singleElement().satisfies(compared -> {
      assertThat(compared.compile().backend()).isEqualTo("groth16");
      assertThat(compared.proving().verified()).isTrue();
      assertThat(compared.proving().student().rounds()).hasSize(2);
      assertThat(compared.proving().student().proofBytes()).isEqualTo(256);
    });
    for (ProvingReport proving : List.of(report.zk().proving(), report.zk().compared().get(0).proving())) {
      assertThat(proving.evm().onChain().accepted()).as(proving.backend()).isTrue();
      assertThat(proving.evm().onChain().tamperedRejected()).as(proving.backend()).isTrue();
      assertThat(proving.evm().onChain().verifyGas()).as(proving.backend()).isGreaterThan(21_000);
    }
    // the same student on the same windows, whatever proved it
    assertThat(report.zk().compared().get(0).proving().student().rounds().get(1).floatLogits())
        .containsExactly(report.zk().proving().student().rounds().get(1).floatLogits());
    String html = Files.readString(LAYOUT.reportHtml());
    assertThat(html).containsPattern("<th>student circuit</th><th>ezkl 23\\.[0-9.]+</th><th>groth16 0\\.7\\.6</th>")
        .contains("the gates judge the first").contains("EVM verifier: verifyProof gas")
        .contains("a changed public input rejected");
    assertThat(Files.readString(LAYOUT.reportSummary())).contains("Student proof (ezkl 23.")
        .contains("Student proof (groth16 0.7.6)").contains("gas per verification");
  }

  @Test
  void summaryAndJUnitXmlListEveryGate() throws Exception {
    ReportFixture.run(List.of("report"), gates(), new RecordingLog());

    String summary = Files.readString(LAYOUT.reportSummary());
    assertThat(summary).startsWith("## VeriRegime: 9 of 9 gates passed").contains("| `maxProveSeconds` | <= 60.000 s |")
        .contains("WARNING");
    // what mixed precision did to the circuit, as measured, in the summary and the page
    MixedPrecision mixed = Report.read(LAYOUT.reportJson()).optimization().candidates().stream()
        .filter(candidate -> candidate.name().equals("hawq")).findFirst().orElseThrow().mixedPrecision();
    assertThat(summary).contains("Mixed precision (`hawq`): widths [fc0 " + mixed.layers().get(0).bits())
        .contains(mixed.circuit().statement());
    assertThat(Files.readString(LAYOUT.reportHtml())).contains("<h3>Mixed precision: hawq</h3>")
        .contains("Hessian trace ± s.e.").contains("Ω at 4 bits").contains(Html.escape(mixed.circuit().statement()));
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(LAYOUT.gatesJUnit().toFile());
    assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("9");
    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("0");
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(9);
    // real times: each gate's test case takes the measured work it judges (training, proofs, key setup)
    Report report = Report.read(LAYOUT.reportJson());
    double teacherSeconds = report.models().teacher().curves().epochs().stream().mapToDouble(e -> e.seconds()).sum();
    assertThat(teacherSeconds).isPositive();
    assertThat(((org.w3c.dom.Element) xml.getElementsByTagName("testcase").item(0)).getAttribute("time"))
        .isEqualTo(String.format(java.util.Locale.ROOT, "%.3f", teacherSeconds));
    assertThat(report.gates()).allSatisfy(gate -> assertThat(gate.seconds()).as(gate.name()).isPositive());
    assertThat(Double.parseDouble(xml.getDocumentElement().getAttribute("time"))).isPositive();
  }

  @Test
  void theGatesJUnitXmlIsCopiedWhereCiReportersLook(@TempDir Path reports) throws IOException {
    ReportFixture.run(List.of("report"), gates(), new RecordingLog());

    Path copy = ReportStage.publishGatesJUnit(LAYOUT.root(), reports.resolve("failsafe-reports"), new RecordingLog())
        .orElseThrow();

    assertThat(copy).isEqualTo(reports.resolve("failsafe-reports").resolve("TEST-veriregime-gates.xml"));
    assertThat(Files.readString(copy)).isEqualTo(Files.readString(LAYOUT.gatesJUnit()));
    assertThat(ReportStage.publishGatesJUnit(reports.resolve("no-report"), reports, new RecordingLog())).isEmpty();
  }

  @Test
  void aMissedGateFailsEveryBuildNamingThresholdAndMeasuredValueUntilItIsChanged() throws Exception {
    Map<String, String> impossible = gates("gates.maxProveSeconds", "0.001", "gates.minRetention", "50");
    RecordingLog first = new RecordingLog();
    assertThatThrownBy(() -> ReportFixture.run(List.of("fetch-data", "report"), impossible, first))
        .isInstanceOf(GatesMissedException.class)
        .hasMessageContaining("2 of 9 gates missed")
        .hasMessageContaining("maxProveSeconds: threshold <= 0.001 s, measured")
        .hasMessageContaining("zk/prove/proving.json: student.prove.meanSeconds")
        .hasMessageContaining("minRetention: threshold >= 50.0000")
        .hasMessageContaining("-Dveriregime.gates.skip=true");
    assertThat(first.contains("fetch-data: up to date")).isTrue();
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(LAYOUT.gatesJUnit().toFile());
    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("2");

    RecordingLog second = new RecordingLog();
    assertThatThrownBy(() -> ReportFixture.run(List.of("report"), impossible, second))
        .hasMessageContaining("maxProveSeconds");
    assertThat(second.contains("report: up to date")).as("evaluated again on an up-to-date report").isTrue();

    RecordingLog skipped = new RecordingLog();
    Map<String, String> skipping = new HashMap<>(impossible);
    skipping.put("gates.skip", "true");
    List<StageResult> results = ReportFixture.run(List.of("report"), skipping, skipped);
    assertThat(results.get(0).upToDate()).as("gates.skip does not change the report").isTrue();
    assertThat(skipped.contains("Not failing the build: gates.skip is true")).isTrue();
  }

  @Test
  void stagesThatDidNotRunAreReportedAbsentAndTheirGatesAreMissed(@TempDir Path other) throws IOException {
    Layout copy = Layout.at(other);
    for (Path dir : List.of(LAYOUT.dataDir(), LAYOUT.teacherDir(), LAYOUT.distillDir(), LAYOUT.optimizeDir())) {
      TestFiles.copyTree(dir, copy.root().resolve(LAYOUT.root().relativize(dir)));
    }
    RecordingLog log = new RecordingLog();
    io.veriregime.runtime.pipeline.StageRunner.inThisJvm(log).run(new io.veriregime.runtime.pipeline.StageRequest(
        List.of("report"), ReportFixture.EXPERIMENT, gates("gates.skip", "true"), other, true, false,
        io.veriregime.runtime.net.Proxies.NONE));

    Report report = Report.read(copy.reportJson());
    assertThat(report.absent()).containsExactly("zk-compile", "zk-prove");
    assertThat(report.zk()).isNull();
    assertThat(report.candidates()).isEmpty();
    assertThat(report.gates()).filteredOn(gate -> !gate.passed()).extracting(GateResult::name)
        .containsExactly("maxProveSeconds", "maxProofBytes", "maxPeakMemory", "requireVerified");
    assertThat(log.contains("zk-prove has no complete output")).isTrue();
    assertThat(Files.readString(copy.reportHtml())).contains("Not run (shown as absent): zk-compile, zk-prove");
  }

  @Test
  void aBuildThatSkippedProvingSkipsTheGatesThatNeedProofsAndStillJudgesTheOthers(@TempDir Path other)
      throws Exception {
    Layout copy = Layout.at(other);
    for (Path dir : List.of(LAYOUT.dataDir(), LAYOUT.teacherDir(), LAYOUT.distillDir(), LAYOUT.optimizeDir(),
        LAYOUT.zkCompileDir())) {
      TestFiles.copyTree(dir, copy.root().resolve(LAYOUT.root().relativize(dir)));
    }
    RecordingLog log = new RecordingLog();
    io.veriregime.runtime.pipeline.StageRunner.inThisJvm(log).run(new io.veriregime.runtime.pipeline.StageRequest(
        List.of("report"), ReportFixture.EXPERIMENT, gates(), other, true, false,
        io.veriregime.runtime.net.Proxies.NONE).withProvingSkipped("-DskipTests"));

    Report report = Report.read(copy.reportJson());
    assertThat(report.gates()).filteredOn(gate -> gate.skipped() != null).extracting(GateResult::name)
        .containsExactly("maxProveSeconds", "maxProofBytes", "maxPeakMemory", "requireVerified");
    assertThat(report.gates()).filteredOn(gate -> gate.skipped() != null)
        .allSatisfy(gate -> assertThat(gate.passed()).isFalse())
        .extracting(GateResult::skipped).containsOnly("proving was skipped: -DskipTests");
    assertThat(report.gates()).filteredOn(gate -> gate.skipped() == null).hasSize(5)
        .allSatisfy(gate -> assertThat(gate.passed()).as(gate.describe()).isTrue());
    // one warning says it all; each judged gate has a line with its value and threshold
    assertThat(log.lines).filteredOn(line -> line.contains("zk-prove has no complete output")).isNotEmpty()
        .allSatisfy(line -> assertThat(line).startsWith("INFO "));
    assertThat(log.lines).filteredOn(line -> line.startsWith("WARN ") && line.contains("skipped")).singleElement()
        .satisfies(line ->
        assertThat(line).contains("proving was skipped: -DskipTests, so 4 gates that need proofs are skipped, not passed")
            .contains("the bundle is unproven"));
    assertThat(log.contains("report: gate passed: minRetention: threshold >= ")).isTrue();
    assertThat(log.contains("report: 5 of 9 gates passed, 4 skipped")).isTrue();
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(copy.gatesJUnit().toFile());
    assertThat(xml.getDocumentElement().getAttribute("skipped")).isEqualTo("4");
    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("0");
    assertThat(xml.getElementsByTagName("skipped").getLength()).isEqualTo(4);
    assertThat(Files.readString(copy.reportSummary())).startsWith("## VeriRegime: 5 of 9 gates passed, 4 skipped")
        .contains("| `requireVerified` | required | not measured | skipped (proving was skipped: -DskipTests) |");
    assertThat(Files.readString(copy.reportHtml())).contains("Gates: none missed, 4 skipped");

    // a measurable gate still fails the build
    assertThatThrownBy(() -> io.veriregime.runtime.pipeline.StageRunner.inThisJvm(new RecordingLog()).run(
        new io.veriregime.runtime.pipeline.StageRequest(List.of("report"), ReportFixture.EXPERIMENT,
            gates("gates.minRetention", "50"), other, true, false, io.veriregime.runtime.net.Proxies.NONE)
            .withProvingSkipped("-DskipTests")))
        .hasMessageContaining("1 of 9 gates missed").hasMessageContaining("minRetention");
  }

  @Test
  void anUpstreamFileChangedAfterItsStageRanStopsTheReport(@TempDir Path other) throws IOException {
    TestFiles.copyTree(LAYOUT.dataDir(), other.resolve("data"));
    Files.writeString(other.resolve("data").resolve("dataset.json"), "{}");
    assertThatThrownBy(() -> io.veriregime.runtime.pipeline.StageRunner.inThisJvm(new RecordingLog()).run(
        new io.veriregime.runtime.pipeline.StageRequest(List.of("report"), ReportFixture.EXPERIMENT, gates(), other,
            true, false, io.veriregime.runtime.net.Proxies.NONE)))
        .hasMessageContaining("dataset.json differs from what fetch-data wrote");
  }

}
