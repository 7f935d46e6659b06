package io.veriregime.maven;

import io.veriregime.runtime.VeriRegimeException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * The one place where what a goal throws becomes Maven's failure (DEVELOPERS.md, "Failures at the goal"). A
 * {@link VeriRegimeException} is the user's to fix: a {@link MojoFailureException} with its message alone. A
 * {@link MojoFailureException} the goal made itself (a switch that is neither true nor false) passes as it is.
 * Anything else is ours: one line naming the goal and the exception, a {@link MojoExecutionException} (Maven's
 * "error in the plugin"), its stack at debug level and behind {@code -e}, never a raw stack at the user.
 */
final class GoalFailures {

  /** A goal's work. */
  interface Work {
    void run() throws MojoFailureException;
  }

  private GoalFailures() {}

  static void translate(String goal, Log log, Work work) throws MojoFailureException, MojoExecutionException {
    try {
      work.run();
    } catch (VeriRegimeException e) {
      throw new MojoFailureException(e.getMessage(), e);
    } catch (RuntimeException e) {
      log.debug("veriregime:" + goal + " failed with an internal error", e);
      String message = e.getMessage() == null ? "(no message)" : e.getMessage().lines().findFirst().orElse("");
      throw new MojoExecutionException("internal error in veriregime:" + goal + ": " + e.getClass().getName() + ": "
          + message + "; please report it, run with -e for the stack", e);
    }
  }
}
