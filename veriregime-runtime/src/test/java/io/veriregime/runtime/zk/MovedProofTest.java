package io.veriregime.runtime.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.bundle.BundleIndex;
import io.veriregime.runtime.bundle.BundleStage;
import io.veriregime.runtime.bundle.BundleVerifier;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.report.ReportStage;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageWorkspace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import io.veriregime.runtime.testdata.RunsTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proof moved to another sample (sample 1's proof.json copied over sample 0's, its recorded hash
 * rewritten to match, so every manifest and provenance check passes and the verifier accepts it) is
 * refused by zk-prove reusing its outputs, by report and bundle, and by verify-proof, naming both
 * samples; with EZKL (public inputs and outputs) and with Groth16 (zk-prove, report and bundle).
 * Before issue 24 each of them accepted it.
 */
@RunsTools
class MovedProofTest {

  @TempDir
  Path project;
  final RecordingLog log = new RecordingLog();

  @Test
  void anEzklProofMovedToAnotherSampleIsRefusedByEveryStageAndTheConsumer() throws IOException {
    StageContext ctx = proved("""
        samples: 2
        teacher: false
        ezkl:
          calibrationSamples: 8
          maxLogrows: 12
        """);
    new BundleStage().run(ctx);
    // a copy: the bundle goal, refusing below, deletes its previous outputs first
    Path bundle = Files.copy(BundleIndex.read(ctx.layout(), log).bundle(), project.resolve("published.zip"));

    moveProof(ctx);

    assertRefusedByTheStages(ctx);
    Path moved = project.resolve("moved.zip");
    rezip(bundle, moved, ctx.layout().zkProveDir().resolve("sample-0/proof.json"));
    BundleVerifier consumer = new BundleVerifier(ExperimentLoader.loadOrDefaults(project.resolve("consumer/experiment.yaml"),
        Map.of()), true, Proxies.NONE, log);
    assertThatThrownBy(() -> consumer.verifyBundle(moved, project.resolve("verify")))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("proofs/sample-0/proof.json is not a proof of test sample 0: its public input 0 is")
        .hasMessageContaining("its public values are those of test sample 1")
        .hasMessageNotContaining("differs from the file");
  }

  @Test
  void aGroth16ProofMovedToAnotherSampleIsRefusedByZkProveReportAndBundle() throws IOException {
    StageContext ctx = proved("""
        backend: groth16
        samples: 2
        teacher: false
        """ + ZkTestSupport.DEV_GROTH16);

    moveProof(ctx);

    assertRefusedByTheStages(ctx);
  }

  private StageContext proved(String zkSection) {
    Experiment experiment = ZkTestSupport.experiment(project, zkSection);
    StageContext ctx = ZkTestSupport.preparedContext(experiment, project, log);
    new ZkCompileStage().run(ctx);
    new ZkProveStage().run(ctx);
    return ctx;
  }

  /** Sample 1's proof over sample 0's, and zk-prove's manifest rewritten to the moved file's hash. */
  private static void moveProof(StageContext ctx) {
    Path proveDir = ctx.layout().zkProveDir();
    try {
      Files.copy(proveDir.resolve("sample-1/proof.json"), proveDir.resolve("sample-0/proof.json"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Path manifest = proveDir.resolve(StageWorkspace.MANIFEST);
    ObjectNode json = (ObjectNode) JsonFiles.readTree(manifest);
    ((ObjectNode) json.path("outputs")).put("sample-0/proof.json", Hashing.sha256(proveDir.resolve("sample-0/proof.json")));
    JsonFiles.write(manifest, json);
  }

  private static void assertRefusedByTheStages(StageContext ctx) {
    Path moved = ctx.layout().zkProveDir().resolve("sample-0/proof.json");
    assertThatThrownBy(() -> new ZkProveStage().run(ctx))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageStartingWith("zk-prove: " + moved + " is not a proof of test sample 0: ")
        .hasMessageContaining("; its public values are those of test sample 1")
        .hasMessageContaining("Run zk-prove again (-Dveriregime.force)");
    assertThatThrownBy(() -> new ReportStage().run(ctx))
        .hasMessageStartingWith("report: " + moved + " is not a proof of test sample 0: ")
        .hasMessageContaining("those of test sample 1");
    assertThatThrownBy(() -> new BundleStage().run(forced(ctx)))
        .hasMessageStartingWith("bundle: " + moved + " is not a proof of test sample 0: ")
        .hasMessageContaining("those of test sample 1");
  }

  private static StageContext forced(StageContext ctx) {
    return new StageContext(ctx.experiment(), ctx.layout(), false, Proxies.NONE, true, ctx.log());
  }

  /** {@code bundle} with its sample-0 proof replaced by {@code proof} and its provenance's hash of it rewritten. */
  private static void rezip(Path bundle, Path target, Path proof) throws IOException {
    String entry = "proofs/sample-0/proof.json";
    byte[] moved = Files.readAllBytes(proof);
    try (ZipFile zip = new ZipFile(bundle.toFile()); OutputStream out = Files.newOutputStream(target);
         ZipOutputStream copy = new ZipOutputStream(out)) {
      for (ZipEntry original : java.util.Collections.list(zip.entries())) {
        byte[] bytes = zip.getInputStream(original).readAllBytes();
        if (original.getName().equals(entry)) {
          bytes = moved;
        } else if (original.getName().equals("provenance.json")) {
          ObjectNode provenance = (ObjectNode) JsonFiles.mapper().readTree(bytes);
          ((ObjectNode) provenance.path("files")).put(entry, Hashing.sha256(proof));
          bytes = JsonFiles.mapper().writeValueAsBytes(provenance);
        }
        copy.putNextEntry(new ZipEntry(original.getName()));
        copy.write(bytes);
        copy.closeEntry();
      }
    }
    assertThat(target).isRegularFile();
  }
}
