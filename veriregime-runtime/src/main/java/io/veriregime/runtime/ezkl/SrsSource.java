package io.veriregime.runtime.ezkl;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.experiment.Section;
import io.veriregime.runtime.proving.SetupMaterial;
import io.veriregime.runtime.proving.StepFigures;
import io.veriregime.runtime.experiment.EzklConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The KZG structured reference string: either generated locally (zk.ezkl.srs: generate; insecure,
 * whoever ran gen_srs could forge proofs) or a trusted file checked against zk.ezkl.srsSha256. Never
 * fetched from the network.
 */
final class SrsSource {

  static final String INSECURE_WARNING = "INSECURE: this SRS was generated locally with ezkl gen_srs for development; "
      + "its secret is not destroyed by any ceremony, so proofs made with it prove nothing to a third party. "
      + "Use a ceremony SRS (zk.ezkl.srs: <file>, zk.ezkl.srsSha256: <hash>) for anything that matters.";

  private final Path trustedFile;
  /** zk.ezkl.srs as written (relative to the experiment file): what the summaries record, never a machine's absolute path. */
  private final String configured;
  private final String sha256;
  /** Where development SRS files are made once and reused; null for a trusted file. */
  private final DevelopmentSrsCache developmentCache;

  private SrsSource(Path trustedFile, String configured, String sha256, DevelopmentSrsCache developmentCache) {
    this.trustedFile = trustedFile;
    this.configured = configured;
    this.sha256 = sha256;
    this.developmentCache = developmentCache;
  }

  /** Resolves zk.ezkl.srs; a file must exist and have the configured hash. */
  static SrsSource of(Section<EzklConfig> section, StageLog log) {
    EzklConfig zk = section.values();
    if (zk.generatedSrs()) {
      return new SrsSource(null, null, null, new DevelopmentSrsCache(zk.toolsDir(), log));
    }
    String location = zk.srs();
    if (location.toLowerCase(Locale.ROOT).matches("^[a-z][a-z0-9+.-]*://.*")) {
      throw section.error("srs", "is a URL (" + location + "); VeriRegime does not download SRS files",
          "download it once (e.g. from the EZKL/PSE ceremony), check its hash, and set zk.ezkl.srs to the local file");
    }
    Path file = section.resolve(location);
    if (!Files.isRegularFile(file)) {
      throw section.error("srs", "no SRS file at " + file, "set zk.ezkl.srs to an existing file, or use zk.ezkl.srs: generate for development");
    }
    String actual = Hashing.sha256(file);
    if (!actual.equalsIgnoreCase(zk.srsSha256())) {
      throw section.error("srsSha256", "the SRS file " + file + " has sha256 " + actual + ", not " + zk.srsSha256(),
          "use the SRS file the hash belongs to, or correct zk.ezkl.srsSha256 if you trust this file");
    }
    return new SrsSource(file, location, actual, null);
  }

  boolean generated() {
    return trustedFile == null;
  }

  /**
   * The SRS a circuit with {@code logrows} uses: a trusted file as it is, or the development SRS for
   * that size (made once, see {@link DevelopmentSrsCache}) copied into the circuit's directory, so the
   * circuit's outputs (and the bundle made of them) carry the SRS their keys were made with.
   */
  SetupMaterial prepare(CircuitFiles files, int logrows, Ezkl ezkl) {
    if (!generated()) {
      return new SetupMaterial("file", configured, sha256, true, null, null);
    }
    DevelopmentSrsCache.Entry development = developmentCache.get(logrows, ezkl);
    Path srs = files.generatedSrs();
    AtomicFiles.write(srs, out -> Files.copy(development.file(), out));
    if (!Hashing.sha256(srs).equals(development.sha256())) {
      throw new VeriRegimeException("The development SRS copied to " + srs + " differs from " + development.file()
          + "; the disk may be failing. Delete both and run zk-compile again.");
    }
    EzklStep generation = development.generation();
    return new SetupMaterial("generated", files.dir().relativize(srs).toString(), development.sha256(), false,
        INSECURE_WARNING, generation == null ? null : new StepFigures(generation.seconds(), generation.cpuSeconds(), generation.peakRssBytes()));
  }

  /**
   * That a circuit set up in another build is verified here with the SRS its keys were made from
   * ({@code recorded}): a development SRS travels beside the circuit (gen_srs cannot make it again)
   * and must be the recorded one; a trusted SRS never travels, so this build's configured file must
   * have the recorded hash.
   */
  void requireKeysMadeWith(SetupMaterial recorded, CircuitFiles files) {
    if (!recorded.secure()) {
      if (!generated()) {
        throw new VeriRegimeException("The keys in " + files.dir() + " were made with a development SRS, which travels"
            + " with them, not with the SRS this build configures (zk.ezkl.srs: " + configured + "). Remove zk.ezkl.srs"
            + " to verify with their own development SRS, or ask their producer for keys set up with your trusted SRS.");
      }
      Path shipped = files.generatedSrs();
      if (!Files.isRegularFile(shipped) || !Hashing.sha256(shipped).equals(recorded.sha256())) {
        throw new VeriRegimeException("The development SRS beside the keys in " + files.dir() + " (" + shipped.getFileName()
            + ") is missing or differs from the one they were made with (sha256 " + recorded.sha256() + "). Do not use"
            + " these keys; rebuild and republish them.");
      }
    } else if (generated() || !sha256.equalsIgnoreCase(recorded.sha256())) {
      throw new VeriRegimeException("The keys in " + files.dir() + " were made with the trusted SRS " + recorded.file()
          + " (sha256 " + recorded.sha256() + "), which never travels with them. Set zk.ezkl.srs to your copy of it and"
          + " zk.ezkl.srsSha256 to " + recorded.sha256() + " (e.g. -Dveriregime.zk.ezkl.srs=<file>"
          + " -Dveriregime.zk.ezkl.srsSha256=" + recorded.sha256() + ").");
    }
  }

  /** Where the SRS of a circuit is: the trusted file, or the one generated beside the circuit. */
  Path file(CircuitFiles files) {
    return generated() ? files.generatedSrs() : trustedFile;
  }
}
