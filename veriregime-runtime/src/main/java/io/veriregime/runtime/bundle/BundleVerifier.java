package io.veriregime.runtime.bundle;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ProvingSystem;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.ModelBinding;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.ToolEnvironment;
import io.veriregime.runtime.backend.ProvingBackends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The consumer's side of a bundle: verifies every proof a bundle (or its {@code proofs} attachment
 * with the attachments its provenance names: {@code vk}, and for EZKL {@code settings} and a
 * development {@code srs}) carries, with the real verifier of the proving backend its provenance
 * names, whatever the consumer's {@code zk.backend}. Nothing is reported verified that the verifier
 * did not accept; a proof it rejects or a file that differs from the bundle's provenance fails with
 * one message listing each problem, and setup material that is not what the keys were made with
 * fails before any proof is verified.
 *
 * @param experiment the consumer's tool settings ({@code zk.ezkl.*}: where EZKL is, a trusted SRS;
 *     {@code zk.groth16.*}: where Node.js and snarkjs are)
 */
public record BundleVerifier(Experiment experiment, boolean offline, Proxies proxies, StageLog log) {

  /** The directory under the output root where verify-proof lays bundles out. */
  public static final String WORK_DIR = "verify-proof";
  private static final String WHAT = "verify-proof: ";
  /** Far above a provenance of 100,000 entries with their hashes; read into memory, so bounded. */
  private static final long MAX_PROVENANCE_BYTES = 64L << 20;

  /** What was verified. */
  public record Verified(int proofs, String backend, String backendVersion) {}

  /**
   * A bundle's provenance, checked against what this VeriRegime knows of its backend before any
   * name in it is used as a path: a provenance comes from a repository, like the files it names.
   *
   * @param dir where the bundle is laid out
   * @param system the backend that proved it
   */
  record Contents(Provenance provenance, ProvingSystem system, Path dir, String source) {

    static Contents read(Path dir, String source) {
      Provenance provenance = readProvenance(dir, source);
      if (provenance.unproven() != null) {
        throw new VeriRegimeException(WHAT + source + " is an unproven bundle (" + provenance.unproven() + " when it"
            + " was built): it holds no proofs to verify. Depend on a version built with proving (mvn install"
            + " without -DskipTests, -DskipITs or -Dveriregime.skipProve).");
      }
      if (provenance.circuit() == null || provenance.circuit().verifying() == null || provenance.srs() == null
          || provenance.proofs() == null || provenance.files() == null) {
        throw new VeriRegimeException(WHAT + source + " has a provenance without its circuit, setup material, proofs or"
            + " file hashes: VeriRegime did not write it. Do not use this bundle.");
      }
      ProvingSystem system;
      try {
        system = ProvingBackends.named(provenance.circuit().backend());
      } catch (VeriRegimeException e) {
        throw new VeriRegimeException(WHAT + source + ": " + e.getMessage(), e);
      }
      // the files a verifier reads are the backend's own names under circuit/, whatever the provenance says
      SortedMap<String, String> verifying = Provenance.verifyingEntries(ProvingBackends.circuitFileRoles(system));
      List<String> problems = new ArrayList<>();
      if (!Provenance.CIRCUIT_DIR.equals(provenance.circuit().dir()) || !verifying.equals(provenance.circuit().verifying())) {
        problems.add("its circuit files are " + provenance.circuit().dir() + " " + provenance.circuit().verifying()
            + ", but a " + system.yamlName() + " bundle's are " + Provenance.CIRCUIT_DIR + " " + verifying);
      }
      verifying.values().stream().filter(entry -> !provenance.files().containsKey(entry))
          .forEach(entry -> problems.add("it records no sha256 of " + entry + ", which the verifier reads"));
      String srsEntry = provenance.srsEntry();
      if (srsEntry != null && !srsEntry.equals(Provenance.circuitEntry(Path.of(srsEntry).getFileName().toString()))) {
        problems.add("its setup material is named " + srsEntry + ", not a file in " + Provenance.CIRCUIT_DIR + "/");
      }
      Stream.of(provenance.proofs().stream(), provenance.files().keySet().stream(), Stream.ofNullable(srsEntry))
          .flatMap(entries -> entries)
          .filter(entry -> ReproducibleZip.within(dir, entry).isEmpty())
          .forEach(entry -> problems.add("it names " + entry + ", which lies outside the bundle"));
      if (!problems.isEmpty()) {
        throw new VeriRegimeException(WHAT + source + " has a provenance this VeriRegime did not write: "
            + String.join("; ", problems) + ". Do not use this bundle.");
      }
      return new Contents(provenance, system, dir, source);
    }

    /** Every entry the provenance names: all a bundle (or its proofs attachment) may hold. */
    Set<String> listed() {
      Set<String> listed = new HashSet<>(provenance.files().keySet());
      listed.addAll(provenance.proofs());
      listed.add(Provenance.FILE);
      return listed;
    }

    /** An entry the provenance names, checked by {@link #read} to lie inside the bundle. */
    Path entry(String name) {
      return ReproducibleZip.within(dir, name).orElseThrow();
    }
  }

  /**
   * Verifies the proofs of a bundle zip, unpacked into {@code workDir} (emptied first when verify-proof
   * made it, refused otherwise).
   */
  public Verified verifyBundle(Path bundle, Path workDir) {
    return verify(unpack(bundle, workDir));
  }

  /**
   * Verifies the proofs of the {@code proofs} attachment with the attachments its provenance names
   * (each verifying file under its role, a development SRS as {@code srs}), which {@code resolve}
   * fetches; laid out in {@code workDir} as in a bundle.
   */
  public Verified verifyAttachments(Function<Attachment, Path> resolve, Path workDir) {
    Path proofs = resolve.apply(Attachment.PROOFS);
    Contents contents = unpack(proofs, workDir);
    contents.provenance().circuit().verifying().forEach((role, entry) ->
        copy(resolve.apply(Attachment.of(role, entry)), contents.entry(entry)));
    String srsEntry = contents.provenance().srsEntry();
    if (srsEntry != null) {
      copy(resolve.apply(Attachment.of(Attachment.SETUP_MATERIAL, srsEntry)), contents.entry(srsEntry));
    }
    // the model, to derive the verifying key again from
    contents.provenance().modelEntry().ifPresent(model -> copy(resolve.apply(Attachment.MODEL), contents.entry(model)));
    return verify(contents);
  }

  /**
   * Lays a zip from a repository out in {@code workDir}: its provenance first (bounded, then checked
   * by {@link Contents#read}), then only the entries that provenance lists, within the unpacking limits.
   */
  private static Contents unpack(Path zip, Path workDir) {
    Path dir = WorkDirectory.prepare(workDir);
    try {
      ReproducibleZip.read(zip, Provenance.FILE, MAX_PROVENANCE_BYTES, ReproducibleZip.Limits.BUNDLE)
          .ifPresent(provenance -> AtomicFiles.write(dir.resolve(Provenance.FILE), provenance));
      Contents contents = Contents.read(dir, zip.toString());
      ReproducibleZip.unpack(zip, dir, ReproducibleZip.Limits.BUNDLE, contents.listed());
      return contents;
    } catch (VeriRegimeException e) {
      throw e.getMessage().startsWith(WHAT) ? e : new VeriRegimeException(WHAT + e.getMessage(), e);
    }
  }

  private Verified verify(Contents contents) {
    Provenance provenance = contents.provenance();
    String source = contents.source();
    Provenance.Circuit recorded = provenance.circuit();
    ProvingBackend backend = ProvingBackends.provision(contents.system(), experiment,
        ToolEnvironment.of(experiment, offline, proxies, log.prefixed(WHAT)));
    if (!backend.version().equals(recorded.backendVersion())) {
      throw new VeriRegimeException(WHAT + source + " was proved with " + recorded.backend() + " "
          + recorded.backendVersion() + ", but this build verifies with " + backend.name() + " " + backend.version()
          + ". Use the VeriRegime version that built it (" + provenance.tools().get("veriregime") + ").");
    }
    CompiledCircuit circuit = new CompiledCircuit(recorded.model(), contents.entry(recorded.dir()), recorded.cost());
    try {
      backend.checkSetupMaterial(circuit, provenance.srs());
    } catch (VeriRegimeException e) {
      throw new VeriRegimeException(WHAT + source + ": " + e.getMessage(), e);
    }
    if (!provenance.srs().secure()) {
      log.warn(WHAT + provenance.srs().warning());
    }
    List<String> problems = new ArrayList<>();
    // every file the provenance lists that this form of the bundle carries must be the one it lists
    List<String> altered = provenance.files().entrySet().stream()
        .filter(entry -> Files.isRegularFile(contents.entry(entry.getKey()))
            && !Hashing.sha256(contents.entry(entry.getKey())).equals(entry.getValue()))
        .map(Map.Entry::getKey).toList();
    altered.forEach(entry -> problems.add(entry + " differs from the file the bundle was built with (its provenance"
        + " records sha256 " + provenance.files().get(entry) + ")"));
    List<String> missingKeys = recorded.verifying().values().stream()
        .filter(entry -> !Files.isRegularFile(contents.entry(entry))).toList();
    missingKeys.forEach(entry -> problems.add(entry + ", which the verifier reads, is missing"));
    if (provenance.proofs().isEmpty()) {
      problems.add("the bundle lists no proofs, so there is nothing to verify");
    }
    // a valid proof of another sample verifies too: each must be its own sample's
    BundleSamples.check(contents, log).ifPresent(problems::addAll);
    // a verifier's answer with keys the producer did not make says nothing about the bundle: it is not asked
    boolean keysAsBuilt = missingKeys.isEmpty() && altered.stream().noneMatch(recorded.verifying()::containsValue);
    ModelBinding binding = keysAsBuilt ? BundleModel.bind(backend, circuit, contents, altered, problems) : null;
    List<String> proofs = keysAsBuilt ? provenance.proofs() : List.of();
    int verified = 0;
    for (String proof : proofs) {
      Path file = contents.entry(proof);
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
    // hashes and a re-derived key say the bundle is consistent, not who published it: trust.ArtifactTrust says that
    log.info(WHAT + verified + " of " + provenance.proofs().size() + " proofs verified with " + backend.name() + " "
        + backend.version() + " against the bundle's verifying key (" + source + "); checked against the bundled"
        + " model: " + binding.what());
    return new Verified(verified, backend.name(), backend.version());
  }

  private static Provenance readProvenance(Path dir, String source) {
    Path file = dir.resolve(Provenance.FILE);
    if (!Files.isRegularFile(file)) {
      throw new VeriRegimeException(WHAT + source + " has no " + Provenance.FILE + ": it is not a VeriRegime bundle"
          + " (or its proofs attachment). Check the coordinates: groupId:artifactId:version for the bundle,"
          + " groupId:artifactId:version:proofs for its proofs.");
    }
    Provenance.Format format = JsonFiles.read(file, Provenance.Format.class);
    if (format.format() != Provenance.FORMAT) {
      throw new VeriRegimeException(WHAT + source + " is a bundle of format " + format.format() + "; this"
          + " VeriRegime reads format " + Provenance.FORMAT + ". Use the VeriRegime version that built it ("
          + format.tools().get("veriregime") + ").");
    }
    return JsonFiles.read(file, Provenance.class);
  }

  private static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      // replaces what the proofs attachment may have carried at that name: the attachment is what is verified
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new VeriRegimeException(WHAT + "could not copy " + from + " to " + to + ": " + e.getMessage()
          + ". Check that the build directory is writable.", e);
    }
  }
}
