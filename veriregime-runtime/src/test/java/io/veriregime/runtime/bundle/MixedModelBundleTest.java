package io.veriregime.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import io.veriregime.runtime.testdata.RunsTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle with one model's ONNX and another model's circuit, keys and proofs, every hash recomputed
 * to be consistent (what replacing a bundle in a repository gives), is refused: the consumer derives
 * the verifying key again from the bundled model (EZKL) and it is not the bundled key. Before issue 24
 * it reported its proofs verified. The honest bundle passes and says what was checked.
 */
@RunsTools
class MixedModelBundleTest {

  private static final String ZK = """
      samples: 1
      teacher: false
      ezkl:
        calibrationSamples: 8
        maxLogrows: 12
      """;

  @TempDir
  Path project;
  final RecordingLog log = new RecordingLog();

  @Test
  void aBundleWhoseKeysAreAnotherModelsIsRefusedNamingTheModelAndTheKey() throws IOException {
    Path bundle = MixedBundles.bundle(project, "a", ZK, 1.0, log);
    Path other = MixedBundles.bundle(project, "b", ZK, 2.0, log);
    BundleVerifier consumer = new BundleVerifier(ExperimentLoader.loadOrDefaults(project.resolve("consumer/experiment.yaml"),
        Map.of()), true, Proxies.NONE, log);

    assertThat(consumer.verifyBundle(bundle, project.resolve("verify")).proofs()).isEqualTo(1);
    assertThat(log.lines).anyMatch(line -> line.contains("checked against the bundled model: the verifying key derived"
        + " again from student.onnx with settings.json and the SRS the keys were made with"));

    // the model of the one, the keys and proofs of the other
    Path mixed = MixedBundles.withEntriesOf(bundle, other, project.resolve("mixed.zip"),
        Map.of("model/student.onnx", "model/student.onnx"));
    assertThatThrownBy(() -> consumer.verifyBundle(mixed, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("model/student.onnx and circuit/: vk.key is not the verifying key of the bundled model"
            + " student.onnx")
        .hasMessageContaining("the keys and proofs are of another model")
        .hasMessageNotContaining("differs from the file the bundle was built with");
  }
}
