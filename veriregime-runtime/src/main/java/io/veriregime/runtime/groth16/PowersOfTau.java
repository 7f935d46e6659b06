package io.veriregime.runtime.groth16;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Section;
import io.veriregime.runtime.experiment.Groth16Config;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.ExclusiveLock;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.proving.StepFigures;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Groth16's phase-1 setup material, a "powers of tau" file prepared for phase 2: either a trusted
 * file checked against {@code zk.groth16.ptauSha256} (a public ceremony's), or, with
 * {@code zk.groth16.ptau: generate}, one made locally with snarkjs once per power and kept under
 * {@code zk.node.toolsDir/ptau/} (beside the snarkjs that makes it) (under a lock; its sha256 recorded and checked on every reuse).
 * A generated file is insecure (one local contributor), and so is the known development file whose
 * secret is published: both are labelled so wherever they are used, as EZKL's generated SRS is.
 * Never fetched from the network.
 */
public final class PowersOfTau {

  static final String INSECURE_WARNING = "INSECURE: this powers-of-tau file was generated locally with snarkjs for"
      + " development; one machine made the whole ceremony, so whoever ran it could forge proofs. Use a public"
      + " ceremony's file (zk.groth16.ptau: <file>, zk.groth16.ptauSha256: <hash>) for anything that matters.";
  /** Files whose secret is public, by sha256: they work, but prove nothing to a third party. */
  private static final Map<String, String> KNOWN_INSECURE = Map.of(
      "93110fa34e40edf1513b7984ee82d4e2f252f6ac1898279958dc17eeeeb01a94", publishedSecret("dev-insecure-pot15.ptau"),
      // the repository's test-data/zk file: the one above truncated to power 12 by snarkjs
      "2d18c9aa746564479f51f43bf0f9e952ff3036eda4f56030ed2e08ead27fd538", publishedSecret("dev-insecure-pot12.ptau"));
  /** The largest power snarkjs supports for bn128 (2^28 constraints). */
  static final int MAX_POWER = 28;
  private static final int HEADER_SECTION = 1;
  /** Section 12 holds tau in Lagrange form: present only once {@code prepare phase2} ran. */
  private static final int PHASE2_SECTION = 12;

  private final Section<Groth16Config> section;
  private final Path trustedFile;
  /** zk.groth16.ptau as written: what summaries record, never a machine's absolute path. */
  private final String configured;
  private final String sha256;
  private final Path cacheDir;
  private final StageLog log;

  private static String publishedSecret(String file) {
    return "INSECURE: " + file + " is a development file whose secret is published (its one contribution used the"
        + " entropy 'insecure-dev-entropy'); anyone can forge proofs against keys set up from it. Use a public"
        + " ceremony's file (zk.groth16.ptau, zk.groth16.ptauSha256) for anything that matters.";
  }

  private PowersOfTau(Section<Groth16Config> section, Path trustedFile, String configured, String sha256, Path cacheDir,
                      StageLog log) {
    this.section = section;
    this.trustedFile = trustedFile;
    this.configured = configured;
    this.sha256 = sha256;
    this.cacheDir = cacheDir;
    this.log = log;
  }

  /**
   * The phase-1 file a circuit is set up with.
   *
   * @param file where it is (the trusted file, or the development one in the cache)
   * @param configured zk.groth16.ptau as written, or the cached file's name when generated
   * @param power its size: circuits up to 2^power constraints (with public signals)
   * @param secure false when someone could forge proofs with keys made from it
   * @param warning said wherever it is used when not secure; null when secure
   * @param generation what generating it took in this build; null for a file or a cached one
   */
  public record PhaseOne(Path file, String configured, String sha256, int power, boolean secure, String warning,
                         StepFigures generation) {}

  /**
   * Resolves zk.groth16.ptau: a file must exist, have the configured hash and be prepared for phase 2.
   *
   * @param toolsDir zk.node.toolsDir: development files are made and kept in its {@code ptau/}
   */
  public static PowersOfTau of(Section<Groth16Config> section, Path toolsDir, StageLog log) {
    Groth16Config config = section.values();
    Path cacheDir = toolsDir.resolve("ptau");
    if (config.generatedPtau()) {
      return new PowersOfTau(section, null, null, null, cacheDir, log);
    }
    String location = config.ptau();
    if (location.toLowerCase(Locale.ROOT).matches("^[a-z][a-z0-9+.-]*://.*")) {
      throw section.error("ptau", "is a URL (" + location + "); VeriRegime does not download setup files",
          "download it once (e.g. a Perpetual Powers of Tau file), check its hash, and set zk.groth16.ptau to the local file");
    }
    Path file = section.resolve(location);
    if (!Files.isRegularFile(file)) {
      throw section.error("ptau", "no powers-of-tau file at " + file,
          "set zk.groth16.ptau to an existing .ptau file, or use zk.groth16.ptau: generate for development");
    }
    String actual = Hashing.sha256(file);
    if (!actual.equalsIgnoreCase(config.ptauSha256())) {
      throw section.error("ptauSha256", "the powers-of-tau file " + file + " has sha256 " + actual
              + ", not " + config.ptauSha256(),
          "use the file the hash belongs to, or correct zk.groth16.ptauSha256 if you trust this file");
    }
    Header header = Header.read(file);
    if (!header.preparedForPhase2()) {
      throw section.error("ptau", file + " is a phase-1 file not yet prepared for phase 2",
          "run 'snarkjs powersoftau prepare phase2' on it (or use the ceremony's prepared '_final' file) and update"
              + " zk.groth16.ptauSha256");
    }
    return new PowersOfTau(section, file, location, actual, cacheDir, log);
  }

  public boolean generated() {
    return trustedFile == null;
  }

  /**
   * The phase-1 file for a circuit that needs {@code power} ({@link Snarkjs.R1csInfo#requiredPower()}):
   * the trusted file when it is big enough, or the development file of exactly that power, generated
   * once with {@code snarkjs}.
   */
  public PhaseOne forPower(int power, Snarkjs snarkjs) {
    if (power < 1 || power > MAX_POWER) {
      throw new VeriRegimeException("A circuit that needs powers of tau of power " + power + " (2^" + power
          + " constraints) is beyond what snarkjs supports for bn128 (" + MAX_POWER + "). Prove a smaller model.");
    }
    if (!generated()) {
      int available = Header.read(trustedFile).power();
      if (available < power) {
        throw section.error("ptau", trustedFile + " has power " + available + " (circuits up to 2^" + available
                + "), but this circuit needs power " + power,
            "use a ceremony file of power " + power + " or more (and its zk.groth16.ptauSha256), or prove a smaller model");
      }
      String warning = KNOWN_INSECURE.get(sha256.toLowerCase(Locale.ROOT));
      if (warning != null) {
        log.warn(warning);
      }
      return new PhaseOne(trustedFile, configured, sha256, available, warning == null, warning, null);
    }
    return generatedFile(power, snarkjs);
  }

  /**
   * The configured file, when it is the one with {@code sha256} (the file another build's keys were made
   * from, as it recorded it); empty for {@code generate} or another file: a consumer never generates
   * phase 1, which would be another file.
   */
  Optional<PhaseOne> matching(String sha256, int power, Snarkjs snarkjs) {
    if (generated() || sha256 == null || !sha256.equalsIgnoreCase(this.sha256)) {
      return Optional.empty();
    }
    return Optional.of(forPower(power, snarkjs));
  }

  private PhaseOne generatedFile(int power, Snarkjs snarkjs) {
    String name = "dev-insecure-pot" + power + ".ptau";
    Path ptau = cacheDir.resolve(name);
    Path recorded = cacheDir.resolve(name + ".sha256");
    try {
      return ExclusiveLock.holding(cacheDir.resolve(".lock"), () -> {
        if (Files.isRegularFile(ptau) && Files.isRegularFile(recorded)) {
          String expected = Files.readString(recorded, StandardCharsets.US_ASCII).trim();
          String actual = Hashing.sha256(ptau);
          if (actual.equals(expected)) {
            log.warn("reusing the development powers of tau of power " + power + " from " + ptau + " (sha256 " + actual
                + "). " + INSECURE_WARNING);
            return new PhaseOne(ptau, name, actual, power, false, INSECURE_WARNING, null);
          }
          log.warn("the cached powers of tau " + ptau + " has sha256 " + actual + ", not the " + expected
              + " recorded when it was made; making it again");
        }
        log.warn("generating development powers of tau of power " + power + " into " + ptau + " (new, one contribution,"
            + " prepare phase2; from seconds at small powers to many minutes at 15 and above). " + INSECURE_WARNING);
        Path fresh = cacheDir.resolve(name + ".new");
        Path contributed = cacheDir.resolve(name + ".contributed");
        try {
          StepFigures created = snarkjs.powersOfTauNew(power, fresh);
          StepFigures contribution = snarkjs.powersOfTauContribute(fresh, contributed, "VeriRegime development (insecure)");
          StepFigures prepared = snarkjs.preparePhase2(contributed, ptau);
          String sha = Hashing.sha256(ptau);
          AtomicFiles.writeString(recorded, sha + "\n");
          StepFigures generation = new StepFigures(created.seconds() + contribution.seconds() + prepared.seconds(),
              created.cpuSeconds() + contribution.cpuSeconds() + prepared.cpuSeconds(),
              Math.max(created.peakMemoryBytes(), Math.max(contribution.peakMemoryBytes(), prepared.peakMemoryBytes())));
          return new PhaseOne(ptau, name, sha, power, false, INSECURE_WARNING, generation);
        } finally {
          Files.deleteIfExists(fresh);
          Files.deleteIfExists(contributed);
        }
      });
    } catch (IOException e) {
      throw new VeriRegimeException("Could not use the powers-of-tau cache " + cacheDir + ": " + e.getMessage()
          + ". Check that zk.node.toolsDir is writable, or set it to a directory that is.", e);
    }
  }

  /**
   * What VeriRegime reads of a {@code .ptau} file (snarkjs' binary format: "ptau", version, then
   * sections of type (u32) and size (u64), little-endian): the power from the header section and
   * whether the phase-2 section is there.
   */
  record Header(int power, boolean preparedForPhase2) {

    static Header read(Path file) {
      try (InputStream in = Files.newInputStream(file)) {
        ByteBuffer start = little(in.readNBytes(12));
        byte[] magic = new byte[4];
        start.get(magic);
        if (start.remaining() < 8 || !"ptau".equals(new String(magic, StandardCharsets.US_ASCII))) {
          throw notPtau(file, "it does not start with 'ptau'");
        }
        start.getInt(); // format version
        int sections = start.getInt();
        Integer power = null;
        boolean phase2 = false;
        for (int i = 0; i < sections; i++) {
          ByteBuffer section = little(in.readNBytes(12));
          if (section.remaining() < 12) {
            throw notPtau(file, "it ends inside its section table");
          }
          int type = section.getInt();
          long size = section.getLong();
          if (type == HEADER_SECTION) {
            ByteBuffer header = little(in.readNBytes((int) Math.min(size, 1024)));
            int n8 = header.getInt();
            header.position(4 + n8);
            power = header.getInt();
            in.skipNBytes(size - header.limit());
          } else {
            phase2 |= type == PHASE2_SECTION;
            in.skipNBytes(size);
          }
        }
        if (power == null) {
          throw notPtau(file, "it has no header section");
        }
        return new Header(power, phase2);
      } catch (IOException | RuntimeException e) {
        if (e instanceof VeriRegimeException known) {
          throw known;
        }
        throw notPtau(file, e.toString());
      }
    }

    private static ByteBuffer little(byte[] bytes) {
      return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static VeriRegimeException notPtau(Path file, String why) {
      return new VeriRegimeException(file + " is not a snarkjs powers-of-tau (.ptau) file: " + why
          + ". Set zk.groth16.ptau to a prepared .ptau file (a public ceremony's), or to generate for development.");
    }
  }
}
