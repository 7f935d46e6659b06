package io.veriregime.runtime.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkProveStage;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The mixed-model bundle tests' fixtures: real small pipelines' bundles, and one bundle with entries of
 * another put in, every hash recomputed to be consistent (what replacing files in a repository gives).
 */
final class MixedBundles {

  private MixedBundles() {}

  /**
   * A real small pipeline's bundle, built under {@code project/name} with the {@code zk:} lines {@code zk}
   * and its student's weights scaled by {@code weightScale}, copied to {@code project/name.zip}.
   */
  static Path bundle(Path project, String name, String zk, double weightScale, RecordingLog log) {
    Path dir = project.resolve(name);
    Experiment experiment = ZkTestSupport.experiment(dir, zk);
    StageContext ctx = ZkTestSupport.context(experiment, dir.resolve("target/veriregime"), log);
    ZkTestSupport.prepareInputs(ctx, weightScale);
    new ZkCompileStage().run(ctx);
    new ZkProveStage().run(ctx);
    new BundleStage().run(ctx);
    try {
      return Files.copy(BundleIndex.read(ctx.layout(), log).bundle(), project.resolve(name + ".zip"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code target} with each entry replaced by {@code source}'s entry it maps to, the provenance's hashes
   * rewritten to match, so that only what the consumer derives again can tell.
   */
  static Path withEntriesOf(Path source, Path target, Path result, Map<String, String> replaced) throws IOException {
    Map<String, byte[]> bytes = new HashMap<>();
    try (ZipFile zip = new ZipFile(source.toFile())) {
      for (Map.Entry<String, String> entry : replaced.entrySet()) {
        bytes.put(entry.getKey(), zip.getInputStream(zip.getEntry(entry.getValue())).readAllBytes());
      }
    }
    try (ZipFile zip = new ZipFile(target.toFile()); OutputStream out = Files.newOutputStream(result);
         ZipOutputStream copy = new ZipOutputStream(out)) {
      for (ZipEntry original : Collections.list(zip.entries())) {
        byte[] content = bytes.getOrDefault(original.getName(), zip.getInputStream(original).readAllBytes());
        if (original.getName().equals(Provenance.FILE)) {
          ObjectNode provenance = (ObjectNode) JsonFiles.mapper().readTree(content);
          bytes.forEach((entry, replacement) -> {
            if (provenance.path("files").has(entry)) {
              ((ObjectNode) provenance.path("files")).put(entry, Hashing.sha256(replacement));
            }
          });
          content = JsonFiles.mapper().writeValueAsBytes(provenance);
        }
        copy.putNextEntry(new ZipEntry(original.getName()));
        copy.write(content);
        copy.closeEntry();
      }
    }
    return result;
  }
}
