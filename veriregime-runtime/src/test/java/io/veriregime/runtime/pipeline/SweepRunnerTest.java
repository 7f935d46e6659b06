package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.report.HeadlessChromium;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.sweep.SweepSummary;
import io.veriregime.runtime.testdata.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sweep on one day of BTCUSDT: four variants (two student widths × two activations, one epoch
 * each, Groth16 with the development powers of tau) through the whole pipeline in this JVM. The data and
 * the teacher are made once and shared; every variant's proofs verify; the summary and the page with
 * both Pareto charts are written, and the page opens cleanly in a real Chromium; a second run reuses it all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@RunsTools
class SweepRunnerTest {

  private static final List<String> IDS = List.of("activation-square_hidden-8", "activation-square_hidden-16-8",
      "activation-relu_hidden-8", "activation-relu_hidden-16-8");

  @TempDir static Path project;
  static StageRequest request;
  static final RecordingLog log = new RecordingLog();
  static SweepSummary first;

  @BeforeAll
  static void sweepOnce() throws Exception {
    Path experiment = Files.writeString(project.resolve("experiment.yaml"), "name: sweep-test\nseed: 11\n"
        + TestData.oneDayOfData(8) + """
        teacher:
          epochs: 1
        student:
          hidden: [8]
          epochs: 1
        distill:
          temperature: 4
          alpha: 0.7
        optimize:
          skip: true
        zk:
          backend: groth16
          teacher: false
          samples: 2
          groth16:
            ptau: "%s"
            ptauSha256: %s
        sweep:
          grid:
            student.hidden: [[8], [16, 8]]
            student.activation: [square, relu]
        """.formatted(TestData.DEV_PTAU, TestData.DEV_PTAU_SHA256));
    request = new StageRequest(List.of("sweep"), experiment, Map.of(), project.resolve("target/veriregime"), false,
        false, Proxies.NONE);
    first = SweepRunner.run(StageRunner.inThisJvm(log), request, log);
    HeadlessChromium.requireInstalled();
  }

  @Test
  @Order(1)
  void everyVariantRanInItsOwnDirectoryAndItsProofsVerified() {
    assertThat(first.variants()).extracting(SweepSummary.VariantResult::id).containsExactlyElementsOf(IDS);
    assertThat(first.variants()).allSatisfy(variant -> {
      assertThat(variant.verified()).isTrue();
      assertThat(variant.proofs()).isEqualTo(2);
      assertThat(variant.backend()).isEqualTo("groth16");
      assertThat(variant.rows()).isPositive();
      assertThat(variant.proofBytes()).isEqualTo(256);
      assertThat(project.resolve("target/veriregime/sweep").resolve(variant.directory()).resolve("report/report.json"))
          .isNotEmptyFile();
    });
    assertThat(first.variants().get(1).overrides()).containsEntry("student.hidden", "[16, 8]")
        .containsEntry("student.activation", "square");
    // the wider students have more constraints, whatever they score
    assertThat(first.variants().get(1).rows()).isGreaterThan(first.variants().get(0).rows());
  }

  @Test
  @Order(2)
  void theDataAndTheTeacherAreMadeOnceAndCheckedBeforeEachUse() {
    assertThat(first.variants().get(0).sharedFrom()).isEmpty();
    for (SweepSummary.VariantResult variant : first.variants().subList(1, 4)) {
      assertThat(variant.sharedFrom()).containsEntry("fetch-data", IDS.get(0)).containsEntry("train-teacher", IDS.get(0))
          .doesNotContainKey("distill");
    }
    // one variant trained the teacher; the three others found its outputs up to date after checking them
    assertThat(log.lines).filteredOn(line -> line.matches("INFO train-teacher: up to date, skipping .*")).hasSize(3);
    assertThat(log.lines).filteredOn(line -> line.matches("INFO fetch-data: up to date, skipping .*")).hasSize(3);
    assertThat(log.lines).anyMatch(line -> line.matches("INFO sweep: activation-\\w+_hidden-[\\d-]+ finished in .* s;"
        + " 2/4 done in .*, about .* left"));
  }

  @Test
  @Order(3)
  void theSummaryIsATypedRecordAndTheChoiceIsTheBestValidationScore() {
    Path dir = SweepRunner.sweepDir(request.outputRoot());
    SweepSummary read = JsonFiles.read(dir.resolve(SweepRunner.SUMMARY), SweepSummary.class);
    assertThat(read).isEqualTo(first);
    double best = first.variants().stream().mapToDouble(v -> v.validation().macroF1()).max().orElseThrow();
    SweepSummary.VariantResult chosen = first.variants().stream().filter(v -> v.id().equals(first.chosen())).findFirst()
        .orElseThrow();
    assertThat(chosen.validation().macroF1()).isEqualTo(best);
    assertThat(first.variants()).anyMatch(SweepSummary.VariantResult::paretoProveTime)
        .anyMatch(SweepSummary.VariantResult::paretoCircuitSize);
  }

  @Test
  @Order(4)
  void thePageWithTheTableAndBothParetoChartsOpensCleanlyInABrowser(@TempDir Path profile) throws Exception {
    Path html = SweepRunner.sweepDir(request.outputRoot()).resolve(SweepRunner.HTML);
    String page = Files.readString(html);
    assertThat(page).contains("id=\"prove-time\"", "id=\"circuit-size\"", "id=\"variants\"")
        .contains(IDS.toArray(String[]::new)).contains(first.chosen() + " (chosen)");
    assertThat(HeadlessChromium.assertOpensCleanly(html, profile,
        Path.of("target", "sweep-screenshot.png").toAbsolutePath(), 2)).isEqualTo(2);
  }

  @Test
  @Order(5)
  void aSecondRunReusesEveryVariant() {
    log.lines.clear();
    SweepSummary again = SweepRunner.run(StageRunner.inThisJvm(log), request, log);

    assertThat(again.variants()).extracting(SweepSummary.VariantResult::validation)
        .containsExactlyElementsOf(first.variants().stream().map(SweepSummary.VariantResult::validation).toList());
    assertThat(log.lines).filteredOn(line -> line.matches("INFO [a-z-]+: up to date, skipping .*"))
        .hasSize(IDS.size() * SweepRunner.VARIANT_STAGES.size());
  }
}
