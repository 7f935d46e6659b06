package io.veriregime.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Proves and verifies the student's inference with EZKL on test samples and records timings (mean ±
 * standard error), proof and key sizes, circuit size, peak memory and agreement with the float
 * model under {@code target/veriregime/zk/prove}.
 *
 * <p>Proving is the project's integration test (it runs in the integration-test phase and checks
 * the circuit against the float model), so it follows the Failsafe convention: {@code -DskipITs},
 * {@code -DskipTests} and {@code -Dmaven.test.skip=true} skip it, as does
 * {@code -Dveriregime.skipProve}. zk-compile still runs: its circuit and keys are the package.
 */
@Mojo(name = "zk-prove", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public class ZkProveMojo extends AbstractStageMojo {

  /** Skip the proving goals (zk-compile and zk-prove): {@code true} or {@code false} (anything else fails the build). */
  @Parameter(property = "veriregime.skipProve", defaultValue = "false")
  private String skipProve;

  /** Skip integration tests, as Failsafe does; proving is one. */
  @Parameter(property = "skipITs", defaultValue = "false")
  private boolean skipITs;

  /** Skip unit and integration tests, as Surefire and Failsafe do; proving is one. */
  @Parameter(property = "skipTests", defaultValue = "false")
  private boolean skipTests;

  /** Skip compiling and running tests, as Surefire and Failsafe do; proving is one. */
  @Parameter(property = "maven.test.skip", defaultValue = "false")
  private boolean mavenTestSkip;

  @Override
  String stageName() {
    return "zk-prove";
  }

  /** Maven's own test switches are read as Surefire reads them (only "true" is true). */
  @Override
  String skipReason() throws MojoFailureException {
    boolean own = Switches.parse("veriregime.skipProve", skipProve); // checked even when veriregime.skip is set
    String reason = super.skipReason();
    if (reason != null) {
      return reason;
    }
    if (own) {
      return "veriregime.skipProve";
    }
    return skipITs ? "skipITs" : skipTests ? "skipTests" : mavenTestSkip ? "maven.test.skip" : null;
  }
}
