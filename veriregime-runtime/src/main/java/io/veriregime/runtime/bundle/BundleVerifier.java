package io.veriregime.runtime.bundle;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.EzklConfig;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.backend.ProvingBackends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The consumer's side of a bundle: verifies every proof a bundle (or its {@code proofs} attachment
 * with the {@code vk}, {@code settings} and, for a development SRS, {@code srs} attachments) carries,
 * with the proving backend's real verifier. Nothing is reported verified that the verifier did not
 * accept; a proof it rejects, a file that differs from the bundle's provenance, or an SRS that is not
 * the one the keys were made with fails with one message listing each problem.
 *
 * @param experiment the consumer's tool settings ({@code zk.ezkl.*}: where EZKL is, a trusted SRS)
 */
public record BundleVerifier(Experiment experiment, boolean offline, Proxies proxies, StageLog log) {

  private static final String WHAT = "verify-proof: ";

  /** What was verified. */
  public record Verified(int proofs, String backend, String backendVersion, boolean srsSecure) {}

  /** Verifies the proofs of a bundle zip, unpacked into {@code workDir} (emptied first). */
  public Verified verifyBundle(Path bundle, Path workDir) {
    clear(workDir);
    ReproducibleZip.unpack(bundle, workDir);
    return verifyUnpacked(workDir, bundle.toString());
  }

  /**
   * Verifies the proofs of the {@code proofs} attachment with the {@code vk}, {@code settings} (and
   * {@code srs}) attachments, which {@code resolve} fetches; laid out in {@code workDir} as in a bundle.
   */
  public Verified verifyAttachments(Function<Attachment, Path> resolve, Path workDir) {
    clear(workDir);
    Path proofs = resolve.apply(Attachment.PROOFS);
    ReproducibleZip.unpack(proofs, workDir);
    Provenance provenance = provenance(workDir, proofs.toString());
    copy(resolve.apply(Attachment.SETTINGS), workDir.resolve(provenance.circuit().settings()));
    copy(resolve.apply(Attachment.VK), workDir.resolve(provenance.circuit().vk()));
    if (provenance.srsEntry() != null) {
      copy(resolve.apply(Attachment.SRS), workDir.resolve(provenance.srsEntry()));
    }
    return verifyUnpacked(workDir, proofs.toString());
  }

  private Verified verifyUnpacked(Path dir, String source) {
    Provenance provenance = provenance(dir, source);
    checkSrs(provenance, dir, source);
    List<String> problems = new ArrayList<>();
    // every file the provenance lists that this form of the bundle carries must be the one it lists
    provenance.files().forEach((entry, sha256) -> {
      Path file = dir.resolve(entry);
      if (Files.isRegularFile(file) && !Hashing.sha256(file).equals(sha256)) {
        problems.add(entry + " differs from the file the bundle was built with (its provenance records sha256 " + sha256 + ")");
      }
    });
    if (provenance.proofs().isEmpty()) {
      problems.add("the bundle lists no proofs, so there is nothing to verify");
    }
    ProvingBackend backend = ProvingBackends.provision(experiment, offline, proxies, log.prefixed(WHAT));
    if (!backend.name().equals(provenance.circuit().backend()) || !backend.version().equals(provenance.circuit().backendVersion())) {
      throw new VeriRegimeException(WHAT + source + " was proved with " + provenance.circuit().backend() + " "
          + provenance.circuit().backendVersion() + ", but this build verifies with " + backend.name() + " "
          + backend.version() + ". Use the VeriRegime version that built it (" + provenance.tools().get("veriregime") + ").");
    }
    CompiledCircuit circuit = new CompiledCircuit(provenance.circuit().model(), dir.resolve(provenance.circuit().dir()),
        provenance.circuit().cost());
    int verified = 0;
    for (String proof : provenance.proofs()) {
      Path file = dir.resolve(proof);
      if (!Files.isRegularFile(file)) {
        problems.add(proof + " is missing");
        continue;
      }
      Verification verification = backend.verify(circuit, file);
      if (verification.verified()) {
        verified++;
        log.info(WHAT + proof + " verified");
      } else {
        problems.add(proof + " did not verify: " + verification.reason());
      }
    }
    if (!problems.isEmpty()) {
      throw new VeriRegimeException(WHAT + source + " is not what its producer built and proved: "
          + String.join("; ", problems) + ". Do not use this bundle; rebuild and republish it from its project"
          + " (mvn deploy), then resolve it again.");
    }
    log.info(WHAT + verified + " of " + provenance.proofs().size() + " proofs verified with " + backend.name() + " "
        + backend.version() + " against the bundle's verifying key (" + source + ")");
    return new Verified(verified, backend.name(), backend.version(), provenance.srs().secure());
  }

  /**
   * The SRS the keys were made with must be the one the verifier uses: a development SRS ships in
   * the bundle (it cannot be generated again) and is checked against its recorded hash; a trusted one
   * is the consumer's own file, configured with the recorded hash.
   */
  private void checkSrs(Provenance provenance, Path dir, String source) {
    EzklConfig ezkl = experiment.config().zk().ezkl();
    String sha256 = provenance.srs().sha256();
    if (provenance.srsEntry() != null) {
      if (!ezkl.generatedSrs()) {
        throw new VeriRegimeException(WHAT + source + " was set up with a development SRS (it carries it), not with"
            + " the SRS this build configures (zk.ezkl.srs: " + ezkl.srs() + "). Remove zk.ezkl.srs to verify with the"
            + " bundle's own SRS, or ask its producer for a bundle set up with your trusted SRS.");
      }
      Path srs = dir.resolve(provenance.srsEntry());
      if (!Files.isRegularFile(srs) || !Hashing.sha256(srs).equals(sha256)) {
        throw new VeriRegimeException(WHAT + "the SRS in " + source + " (" + provenance.srsEntry() + ") is missing or"
            + " differs from the one its keys were made with (sha256 " + sha256 + "). Do not use this bundle; rebuild"
            + " and republish it.");
      }
      log.warn(WHAT + provenance.srs().warning());
    } else if (ezkl.generatedSrs() || !sha256.equalsIgnoreCase(ezkl.srsSha256())) {
      throw new VeriRegimeException(WHAT + source + " was set up with the trusted SRS " + provenance.srs().file()
          + " (sha256 " + sha256 + "), which a bundle does not carry. Set zk.ezkl.srs to your copy of it and"
          + " zk.ezkl.srsSha256 to " + sha256 + " (e.g. -Dveriregime.zk.ezkl.srs=<file> -Dveriregime.zk.ezkl.srsSha256="
          + sha256 + ").");
    }
  }

  private static Provenance provenance(Path dir, String source) {
    Path file = dir.resolve(Provenance.FILE);
    if (!Files.isRegularFile(file)) {
      throw new VeriRegimeException(WHAT + source + " has no " + Provenance.FILE + ": it is not a VeriRegime bundle"
          + " (or its proofs attachment). Check the coordinates: groupId:artifactId:version for the bundle,"
          + " groupId:artifactId:version:proofs for its proofs.");
    }
    Provenance provenance = JsonFiles.read(file, Provenance.class);
    if (provenance.format() != Provenance.FORMAT) {
      throw new VeriRegimeException(WHAT + source + " is a bundle of format " + provenance.format() + "; this"
          + " VeriRegime reads format " + Provenance.FORMAT + ". Use the VeriRegime version that built it ("
          + provenance.tools().get("veriregime") + ") or newer.");
    }
    return provenance;
  }

  private static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      Files.copy(from, to);
    } catch (IOException e) {
      throw new VeriRegimeException(WHAT + "could not copy " + from + " to " + to + ": " + e.getMessage()
          + ". Check that the build directory is writable.", e);
    }
  }

  private static void clear(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new VeriRegimeException(WHAT + "could not empty " + dir + ": " + e.getMessage()
          + ". Delete it (mvn clean) and build again.", e);
    }
  }
}
