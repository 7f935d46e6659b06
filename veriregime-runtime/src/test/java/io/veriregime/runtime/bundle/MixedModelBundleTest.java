package io.veriregime.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkProveStage;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
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
    Path bundle = bundle("a", 1.0);
    Path other = bundle("b", 2.0);
    BundleVerifier consumer = new BundleVerifier(ExperimentLoader.loadOrDefaults(project.resolve("consumer/experiment.yaml"),
        Map.of()), true, Proxies.NONE, log);

    assertThat(consumer.verifyBundle(bundle, project.resolve("verify")).proofs()).isEqualTo(1);
    assertThat(log.lines).anyMatch(line -> line.contains("checked against the bundled model: the verifying key derived"
        + " again from student.onnx with settings.json and the SRS the keys were made with"));

    Path mixed = withModelOf(other, bundle, project.resolve("mixed.zip"));
    assertThatThrownBy(() -> consumer.verifyBundle(mixed, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("model/student.onnx and circuit/: vk.key is not the verifying key of the bundled model"
            + " student.onnx")
        .hasMessageContaining("the keys and proofs are of another model")
        .hasMessageNotContaining("differs from the file the bundle was built with");
  }

  /** A real small pipeline's bundle (EZKL), its student's weights scaled by {@code weightScale}. */
  private Path bundle(String name, double weightScale) throws IOException {
    Path dir = project.resolve(name);
    Experiment experiment = ZkTestSupport.experiment(dir, ZK);
    StageContext ctx = ZkTestSupport.context(experiment, dir.resolve("target/veriregime"), log);
    ZkTestSupport.prepareInputs(ctx, weightScale);
    new ZkCompileStage().run(ctx);
    new ZkProveStage().run(ctx);
    new BundleStage().run(ctx);
    return Files.copy(BundleIndex.read(ctx.layout(), log).bundle(), project.resolve(name + ".zip"));
  }

  /** {@code keysAndProofs} with the model of {@code model}, its provenance's hash of the model rewritten to match. */
  private static Path withModelOf(Path keysAndProofs, Path model, Path target) throws IOException {
    String entry = "model/student.onnx";
    byte[] onnx;
    try (ZipFile zip = new ZipFile(model.toFile())) {
      onnx = zip.getInputStream(zip.getEntry(entry)).readAllBytes();
    }
    try (ZipFile zip = new ZipFile(keysAndProofs.toFile()); OutputStream out = Files.newOutputStream(target);
         ZipOutputStream copy = new ZipOutputStream(out)) {
      for (ZipEntry original : Collections.list(zip.entries())) {
        byte[] bytes = zip.getInputStream(original).readAllBytes();
        if (original.getName().equals(entry)) {
          bytes = onnx;
        } else if (original.getName().equals(Provenance.FILE)) {
          ObjectNode provenance = (ObjectNode) JsonFiles.mapper().readTree(bytes);
          ((ObjectNode) provenance.path("files")).put(entry, Hashing.sha256(onnx));
          bytes = JsonFiles.mapper().writeValueAsBytes(provenance);
        }
        copy.putNextEntry(new ZipEntry(original.getName()));
        copy.write(bytes);
        copy.closeEntry();
      }
    }
    return target;
  }
}
