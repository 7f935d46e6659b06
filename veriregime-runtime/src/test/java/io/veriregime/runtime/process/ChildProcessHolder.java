package io.veriregime.runtime.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Stands in for Maven in {@link ChildProcessTest}: a JVM that runs a long-lived child through
 * {@link ChildProcess}, where the child (a shell) has started grandchildren of its own, or the
 * command it is given. The test sends this JVM SIGTERM, as a user stopping a build would, or SIGKILL.
 */
public final class ChildProcessHolder {

  /** Printed (through the child's output) once the child is running and registered. */
  static final String STARTED = "children started";

  private ChildProcessHolder() {}

  /** @param args the child's command; none for a shell with two sleeping grandchildren */
  public static void main(String[] args) {
    ChildProcess.Result result = ChildProcess.run(
        // the child's first line reaches this JVM only after ChildProcess has registered the child
        args.length > 0 ? List.of(args) : List.of("sh", "-c", "sleep 300 & sleep 301 & echo " + STARTED + "; wait"),
        Path.of("."), Map.of(), Duration.ofMinutes(10), System.out::println, System.err::println);
    System.out.println("child ended: " + result.describe());
  }
}
