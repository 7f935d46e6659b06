package io.veriregime.runtime.zk;

import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ZkConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The KZG structured reference string: either generated locally (zk.srs: generate; insecure,
 * whoever ran gen_srs could forge proofs) or a trusted file checked against zk.srsSha256. Never
 * fetched from the network.
 */
final class SrsSource {

  static final String INSECURE_WARNING = "INSECURE: this SRS was generated locally with ezkl gen_srs for development; "
      + "its secret is not destroyed by any ceremony, so proofs made with it prove nothing to a third party. "
      + "Use a ceremony SRS (zk.srs: <file>, zk.srsSha256: <hash>) for anything that matters.";

  private final Path trustedFile;
  private final String sha256;

  private SrsSource(Path trustedFile, String sha256) {
    this.trustedFile = trustedFile;
    this.sha256 = sha256;
  }

  /** Resolves zk.srs; a file must exist and have the configured hash. */
  static SrsSource of(Experiment experiment) {
    ZkConfig zk = experiment.config().zk();
    if (zk.generatedSrs()) {
      return new SrsSource(null, null);
    }
    String location = zk.srs();
    if (location.toLowerCase(Locale.ROOT).matches("^[a-z][a-z0-9+.-]*://.*")) {
      throw experiment.error("zk.srs", "is a URL (" + location + "); VeriRegime does not download SRS files",
          "download it once (e.g. from the EZKL/PSE ceremony), check its hash, and set zk.srs to the local file");
    }
    Path file = experiment.baseDir().resolve(location).normalize();
    if (!Files.isRegularFile(file)) {
      throw experiment.error("zk.srs", "no SRS file at " + file, "set zk.srs to an existing file, or use zk.srs: generate for development");
    }
    String actual = Hashing.sha256(file);
    if (!actual.equalsIgnoreCase(zk.srsSha256())) {
      throw experiment.error("zk.srsSha256", "the SRS file " + file + " has sha256 " + actual + ", not " + zk.srsSha256(),
          "use the SRS file the hash belongs to, or correct zk.srsSha256 if you trust this file");
    }
    return new SrsSource(file, actual);
  }

  boolean generated() {
    return trustedFile == null;
  }

  /** An SRS ready for one circuit, and the seconds spent generating it (0 for a trusted file). */
  record Prepared(Path file, double generationSeconds) {}

  /** The SRS a circuit with {@code logrows} uses; generated ones are created in the circuit's directory. */
  Prepared forCircuit(CircuitFiles files, int logrows, Ezkl ezkl) {
    if (!generated()) {
      return new Prepared(trustedFile, 0);
    }
    Path srs = files.generatedSrs();
    EzklStep generation = CircuitCompiler.produce(srs, tmp -> ezkl.run("gen-srs", CircuitCompiler.args("srs", tmp, "logrows", logrows)));
    return new Prepared(srs, generation.seconds());
  }

  /** What compile.json and proving.json say about the SRS. */
  Map<String, Object> describe(Path usedFile) {
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("kind", generated() ? "generated" : "file");
    description.put("file", usedFile.toAbsolutePath().toString());
    description.put("sha256", generated() ? Hashing.sha256(usedFile) : sha256);
    description.put("secure", !generated());
    if (generated()) {
      description.put("warning", INSECURE_WARNING);
    }
    return description;
  }
}
