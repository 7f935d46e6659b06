package io.veriregime.runtime.files;

import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, bytes and (canonical) JSON values. */
public final class Hashing {

  private Hashing() {}

  public static String sha256(Path file) {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read " + file + " to hash it: " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /** Hash of a value's canonical JSON (sorted keys), so equal configurations hash equally. */
  public static String sha256Json(Object value) {
    try {
      return sha256(JsonFiles.canonicalMapper().writeValueAsBytes(value));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot serialise " + value.getClass() + " for hashing", e);
    }
  }

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
