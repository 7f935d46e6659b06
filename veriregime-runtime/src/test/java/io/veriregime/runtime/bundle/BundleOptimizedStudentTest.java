package io.veriregime.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkProveStage;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.testdata.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When optimize chose the proved student, the bundle carries optimize's manifest beside every other
 * stage's, as the README says (issue 24: manifests/optimize.json was missing).
 */
@RunsTools
class BundleOptimizedStudentTest {

  @TempDir
  Path project;

  @Test
  void theBundleOfAnOptimizedStudentCarriesOptimizesManifest() throws IOException {
    RecordingLog log = new RecordingLog();
    Experiment experiment = ZkTestSupport.experiment(project, """
        samples: 1
        teacher: false
        ezkl:
          calibrationSamples: 8
          maxLogrows: 12
        """);
    StageContext distilled = ZkTestSupport.preparedContext(experiment, project, log);
    Layout layout = distilled.layout().withOptimizedStudent(true);
    // the seeded student as optimize's choice: its directory written as that stage writes one
    ZkTestSupport.asStageOutput(layout.optimizeDir(), "optimize", () -> TestFiles.copyTree(layout.distilledStudent(),
        layout.optimizedStudent()));
    StageContext ctx = new StageContext(experiment, layout, false, Proxies.NONE, false, log);
    new ZkCompileStage().run(ctx);
    new ZkProveStage().run(ctx);
    new BundleStage().run(ctx);

    try (ZipFile zip = new ZipFile(BundleIndex.read(layout, log).bundle().toFile())) {
      assertThat(Collections.list(zip.entries()).stream().map(ZipEntry::getName))
          .contains("manifests/optimize.json", "manifests/distill.json", "manifests/zk-compile.json");
    }
  }

}
