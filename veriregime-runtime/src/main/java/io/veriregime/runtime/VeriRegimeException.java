package io.veriregime.runtime;

/**
 * A failure the user can act on. Its message is shown as is (by the CLI, or by the Maven plugin as
 * the build failure), so it says what was wrong and what to do; never a bare stack trace.
 */
public class VeriRegimeException extends RuntimeException {

  public VeriRegimeException(String userMessage) {
    super(userMessage);
  }

  public VeriRegimeException(String userMessage, Throwable cause) {
    super(userMessage, cause);
  }
}
