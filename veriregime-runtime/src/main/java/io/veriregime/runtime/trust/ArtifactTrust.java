package io.veriregime.runtime.trust;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.stage.StageLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Who published a bundle, as far as a consumer can tell: each artifact verify-proof reads (the bundle zip,
 * or the proofs attachment and the attachments it names) is checked against the consumer's
 * {@link TrustPolicy} before anything of it is used: its OpenPGP signature by a trusted key, and its sha256
 * against the lock file's pin. New pins are written only by {@link #conclude}, after the proofs verified,
 * so a bundle that fails is never pinned. One instance per verify-proof run.
 */
public final class ArtifactTrust {

  private static final String WHAT = "verify-proof: ";

  private final TrustPolicy policy;
  private final Signatures signatures;
  private final Pins pins;
  private final StageLog log;
  private final List<String> signed = new ArrayList<>();
  private final List<String> matched = new ArrayList<>();
  private final SortedMap<String, String> newPins = new TreeMap<>();
  /** Pins replaced at the consumer's request: the artifact, and from which hash to which. */
  private final SortedMap<String, String> updated = new TreeMap<>();

  private ArtifactTrust(TrustPolicy policy, Signatures signatures, Pins pins, StageLog log) {
    this.policy = policy;
    this.signatures = signatures;
    this.pins = pins;
    this.log = log;
  }

  /**
   * Reads the trusted keys and the pins, failing on either before any artifact is resolved.
   *
   * @throws VeriRegimeException naming the setting, the file and line at fault and the fix
   */
  public static ArtifactTrust of(TrustPolicy policy, StageLog log) {
    Signatures signatures = policy.trustedKeys().isEmpty() ? null
        : Signatures.trusting(policy.trustedKeys(), policy.keyring(), policy.options().keys(), policy.options().keyring());
    Pins pins = policy.lockFile() == null ? null : Pins.read(policy.lockFile());
    return new ArtifactTrust(policy, signatures, pins, log);
  }

  /**
   * Checks one artifact before it is used.
   *
   * @param artifact its coordinates (no spaces), the key of its pin
   * @param signature resolves its detached {@code .asc} signature, empty when the repository has none;
   *     asked only when keys are trusted
   * @return {@code file}, checked
   * @throws VeriRegimeException for a missing or foreign signature, or bytes that differ from the signed or
   *     pinned ones, naming what was expected
   */
  public Path check(String artifact, Path file, Supplier<Optional<Path>> signature) {
    if (signatures != null) {
      signed.add(artifact + " signed by " + signatures.verify(artifact, file, signature.get().orElse(null)));
    }
    if (pins != null) {
      String actual = Hashing.sha256(file);
      Optional<String> pinned = pins.of(artifact);
      if (pinned.isEmpty()) {
        newPins.put(artifact, actual);
      } else if (pinned.get().equals(actual)) {
        matched.add(artifact);
      } else if (policy.updatePins()) {
        newPins.put(artifact, actual);
        updated.put(artifact, "from " + pinned.get() + " to " + actual);
      } else {
        throw new VeriRegimeException(WHAT + artifact + " (" + file + ") has sha256 " + actual + ", but " + pins.file()
            + " pins it to " + pinned.get() + ": it is not the artifact this project verified before. Do not use it"
            + " until its producer tells you why it changed; then update the pin deliberately with "
            + policy.options().updatePins() + ".");
      }
    }
    return file;
  }

  /**
   * After every proof verified: writes the new pins and says what the checks prove and what they do not.
   * With neither trusted keys nor pins, or when pins are taken now on first use without a key, it warns once
   * that the bundle is only self-consistent.
   */
  public void conclude(String bundle) {
    if (pins != null && !newPins.isEmpty()) {
      pins.write(newPins);
    }
    signed.forEach(line -> log.info(WHAT + line + ", a key this build trusts: these are the bytes its holder signed"));
    if (!matched.isEmpty()) {
      log.info(WHAT + String.join(", ", matched) + ": the bytes pinned in " + pins.file());
    }
    updated.forEach((artifact, change) -> log.warn(WHAT + "pin of " + artifact + " updated " + change + " in "
        + pins.file() + " (" + policy.options().updatePins() + ")"));
    List<String> firstUse = newPins.keySet().stream().filter(artifact -> !updated.containsKey(artifact)).toList();
    if (!firstUse.isEmpty()) {
      log.info(WHAT + "pinned " + String.join(", ", firstUse) + " in " + pins.file() + " on first use: commit it;"
          + " a later build fails if these bytes change");
    }
    if (signatures == null && (pins == null || !firstUse.isEmpty())) {
      log.warn(WHAT + bundle + " is only self-consistent: no trusted key shows who published it, as "
          + policy.options().keys() + " names none" + (pins == null ? ", and nothing is pinned, so a bundle replaced whole in a"
          + " repository passes too" : "; it was pinned as it is now, so later builds show only that it has not"
          + " changed since") + ". Check its .asc signature against its producer's key (gpg --verify), then trust that"
          + " key by fingerprint.");
    }
    log.info(WHAT + "what this shows: " + shown() + " Not shown: that the model is any good, that its producer built it"
        + " from the sources and data it names, that a development setup (INSECURE above, if any) was not used to"
        + " forge proofs, or that a trusted key was not stolen.");
  }

  private String shown() {
    String proofs = "every proof verified against the bundle's own verifying key, bound to its model as said above;";
    if (signatures != null) {
      return proofs + " the artifacts are byte for byte those a key you trust signed"
          + (pins == null ? "." : ", and pinned.");
    }
    return proofs + (pins == null ? " nothing about who published it."
        : " the artifacts are the ones first verified by this project (pinned), not who published them.");
  }
}
