package io.veriregime.runtime.execution;

import java.io.Serializable;
import java.util.List;

/**
 * A task that succeeded, with how it went.
 *
 * @param attempts tries it took (1 when the first succeeded)
 * @param seconds wall seconds of the successful attempt
 * @param executor where the successful attempt ran
 * @param failures the message of each failed attempt before it, in order
 */
public record TaskOutcome<R>(String taskId, R result, int attempts, double seconds, String executor,
                             List<String> failures) implements Serializable {

  public TaskOutcome {
    failures = List.copyOf(failures);
  }
}
