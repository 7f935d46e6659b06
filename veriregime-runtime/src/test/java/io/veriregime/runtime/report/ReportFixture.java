package io.veriregime.runtime.report;

import io.veriregime.runtime.testdata.TestData;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.pipeline.StageRequest;
import io.veriregime.runtime.pipeline.StageRunner;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One real pipeline (real klines, DJL training, real EZKL proofs) through the report, built once per
 * test JVM under {@code target/report-fixture/}: a tiny x² student, two epochs, two proofs with
 * EZKL and the same two with Groth16 beside them (zk.backends), each verifier also on the EVM, the
 * teacher not compiled (its calibration alone takes minutes). The test classes of this package
 * read it and run the report stage again on it with other gates.
 */
final class ReportFixture {

  static final Path DIR = Path.of("target", "report-fixture").toAbsolutePath();
  static final Path EXPERIMENT = DIR.resolve("experiment.yaml");
  static final Path OUTPUT = DIR.resolve("veriregime");
  /** Gates this tiny, briefly trained pipeline clears (its teacher barely beats the majority class). */
  static final Map<String, String> PASSING_GATES = Map.of("gates.minTeacherMacroF1OverBaseline", "-1",
      "gates.minTeacherBalancedAccuracy", "0", "gates.minRetention", "0");
  private static final Path JAN_2024 = TestData.JANUARY_2024;

  private static boolean built;

  private ReportFixture() {}

  /** Builds the pipeline's outputs the first time; later calls return at once. */
  static synchronized void build() {
    if (built) {
      return;
    }
    try {
      if (Files.exists(DIR)) {
        try (var paths = Files.walk(DIR)) {
          for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
      Files.createDirectories(DIR);
      Files.writeString(EXPERIMENT, """
          name: report-test
          seed: 11
          data:
            source: csv
            files: ["%s"]
            start: 2024-01-01
            end: 2024-01-02
            window: 8
          teacher:
            epochs: 2
          student:
            hidden: [8]
            activation: square
            epochs: 2
          optimize:
            candidates: [relu, square, hawq]
            epochs: 1
            hawq:
              probes: 2
          zk:
            backends: [ezkl, groth16]
            teacher: false
            samples: 2
            evm: true
            ezkl:
              calibrationSamples: 5
              maxLogrows: 12
            groth16:
              ptau: "%s"
              ptauSha256: %s
          """.formatted(JAN_2024, ZkTestSupport.DEV_PTAU, ZkTestSupport.DEV_PTAU_SHA256));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run(List.of("fetch-data", "train-teacher", "distill", "optimize", "zk-compile", "zk-prove", "report"), PASSING_GATES,
        new RecordingLog());
    built = true;
  }

  static List<StageResult> run(List<String> stages, Map<String, String> overrides, RecordingLog log) {
    return StageRunner.inThisJvm(log).run(new StageRequest(stages, EXPERIMENT, overrides, OUTPUT, true, false,
        Proxies.NONE));
  }
}
