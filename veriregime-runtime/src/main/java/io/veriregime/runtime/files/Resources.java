package io.veriregime.runtime.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Files shipped inside the runtime jar (drivers, scripts, lockfiles) that tools are provisioned with. */
public final class Resources {

  private Resources() {}

  /** The bytes of {@code name}, resolved against {@code owner}'s package as {@code Class.getResourceAsStream} does. */
  public static byte[] read(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " missing from the runtime jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
