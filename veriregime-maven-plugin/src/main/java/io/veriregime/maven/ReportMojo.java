package io.veriregime.maven;

import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.pipeline.StageRequest;
import io.veriregime.runtime.report.GatesMissedException;
import io.veriregime.runtime.report.ReportStage;
import io.veriregime.runtime.stage.StageLog;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes {@code target/veriregime/report/}: report.html (self-contained), report.json, summary.md
 * and the gates as JUnit XML (TEST-veriregime-gates.xml), from every stage that ran. Evaluates the
 * experiment's gates on every build, also when nothing changed, prints each passed gate with its measured
 * value and threshold, and fails the build with one message listing each missed gate;
 * {@code -Dveriregime.gates.skip} reports without failing. The JUnit XML is also copied where CI test
 * reporters look (target/failsafe-reports), and with GITHUB_STEP_SUMMARY set summary.md is appended to it.
 * Gates that need proofs are skipped, not passed, when the build skipped proving (-DskipTests).
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class ReportMojo extends ProofAwareMojo {

  /**
   * Where the gates' JUnit XML is copied for CI test reporters: Failsafe's directory, since the gates are
   * judged in the verify phase after the integration tests, as Failsafe's are.
   */
  @Parameter(defaultValue = "${project.build.directory}/failsafe-reports", required = true)
  private File testReportsDirectory;

  @Override
  String stageName() {
    return StageId.REPORT.goal();
  }

  /** Publishes the gates' JUnit XML also when a missed gate fails the build: that is when CI needs it most. */
  @Override
  void run(StageRequest request, StageLog log) {
    try {
      super.run(request, log);
    } catch (GatesMissedException missed) {
      publish(request, log);
      throw missed;
    }
    publish(request, log);
  }

  private void publish(StageRequest request, StageLog log) {
    ReportStage.publishGatesJUnit(request.outputRoot(), testReportsDirectory.toPath(), log)
        .ifPresent(copy -> log.info("report: gates as JUnit XML for CI: " + copy));
  }
}
