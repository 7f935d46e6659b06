package io.veriregime.runtime.report;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.stage.RecordingLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html opened in a real headless Chromium ({@link HeadlessChromium}): it loads without console
 * errors, every chart decodes, and a screenshot is kept as {@code target/report-screenshot.png} for a
 * person to look at.
 */
@RunsTools
class ReportInBrowserTest {

  static final Path SCREENSHOT = Path.of("target", "report-screenshot.png").toAbsolutePath();

  @BeforeAll
  static void reportAndBrowser() throws Exception {
    ReportFixture.build();
    ReportFixture.run(List.of("report"), ReportFixture.PASSING_GATES, new RecordingLog());
    HeadlessChromium.requireInstalled();
  }

  @Test
  void loadsWithoutConsoleErrorsAndShowsEveryChart(@TempDir Path profile) throws Exception {
    HeadlessChromium.assertOpensCleanly(Layout.at(ReportFixture.OUTPUT).reportHtml(), profile, SCREENSHOT, 8);
  }
}
