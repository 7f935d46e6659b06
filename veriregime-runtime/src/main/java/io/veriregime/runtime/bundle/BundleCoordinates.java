package io.veriregime.runtime.bundle;

import io.veriregime.runtime.UntrustedText;
import io.veriregime.runtime.VeriRegimeException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The bundle a consumer asks verify-proof to check: {@code groupId:artifactId:version}, or
 * {@code groupId:artifactId:version:proofs} for its proofs attachment with the attachments its
 * provenance names. The parts are checked by Maven's own rules (its model validator: ids of
 * {@code [A-Za-z0-9_.-]}, a version without {@code \/:"<>|?*}) before anything else, because they
 * also name the work directory: a groupId such as {@code /some/dir/v} must never become a path.
 */
public record BundleCoordinates(String groupId, String artifactId, String version, boolean proofsOnly) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-.]+");
  private static final String BANNED_IN_VERSION = "\\/:\"<>|?*";
  /** Bounds the work directory's name well under the 255 bytes a file name may have on common file systems. */
  private static final int MAX_LENGTH = 200;
  private static final String FORMS = "write groupId:artifactId:version for a bundle, or groupId:artifactId:version:proofs"
      + " for its proofs with the attachments they need (vk; for EZKL also settings and a development srs)";

  /**
   * Parses and checks {@code text}, as given in {@code source} (the parameter or property that holds it).
   *
   * @throws VeriRegimeException naming the part that breaks a rule, the rule and the forms allowed
   */
  public static BundleCoordinates parse(String text, String source) {
    String trimmed = text == null ? "" : text.trim();
    String[] parts = trimmed.split(":", -1);
    String shown = UntrustedText.quoted(trimmed, MAX_LENGTH);
    if (parts.length < 3 || parts.length > 4 || (parts.length == 4 && !parts[3].equals(Attachment.PROOFS.classifier()))) {
      throw new VeriRegimeException("verify-proof: " + source + " is " + shown + "; " + FORMS + ".");
    }
    requireId(parts[0], "groupId", source, shown);
    requireId(parts[1], "artifactId", source, shown);
    String version = parts[2];
    if (version.isEmpty() || version.chars().anyMatch(c -> BANNED_IN_VERSION.indexOf(c) >= 0 || Character.isISOControl(c)
        || Character.isWhitespace(c))) {
      throw new VeriRegimeException("verify-proof: " + source + " is " + shown + ": its version " + UntrustedText.quoted(version, MAX_LENGTH)
          + " is empty or holds a character Maven does not allow in a version (" + BANNED_IN_VERSION
          + ", spaces or control characters); " + FORMS + ".");
    }
    if (trimmed.length() > MAX_LENGTH) {
      throw new VeriRegimeException("verify-proof: " + source + " is " + trimmed.length() + " characters long; coordinates"
          + " of up to " + MAX_LENGTH + " characters are accepted (they name the work directory). Check the value.");
    }
    return new BundleCoordinates(parts[0], parts[1], version, parts.length == 4);
  }

  /**
   * This bundle's work directory, {@code verify-proof/<groupId>_<artifactId>_<version>} under the
   * output root: one file name, so it can only lie inside it (checked again here).
   */
  public Path workDir(Path outputRoot) {
    String name = String.join("_", groupId, artifactId, version);
    return ReproducibleZip.within(outputRoot, BundleVerifier.WORK_DIR + "/" + name)
        .filter(dir -> dir.getFileName().toString().equals(name))
        .orElseThrow(() -> new VeriRegimeException("verify-proof: the coordinates " + this + " do not name a directory"
            + " inside " + outputRoot + "; this is a bug, please report it."));
  }

  @Override
  public String toString() {
    return String.join(":", groupId, artifactId, version) + (proofsOnly ? ":" + Attachment.PROOFS.classifier() : "");
  }

  private static void requireId(String id, String part, String source, String shown) {
    if (!ID.matcher(id).matches()) {
      throw new VeriRegimeException("verify-proof: " + source + " is " + shown + ": its " + part + " " + UntrustedText.quoted(id, MAX_LENGTH)
          + " may hold only letters, digits, '_', '-' and '.' (Maven's rule for a " + part + "); " + FORMS + ".");
    }
  }
}
