package io.veriregime.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A goal that proves, or reads proofs (zk-prove, report, bundle): it knows whether this build skipped
 * proving on purpose. Proving is the project's integration test, so Failsafe's switches skip it; the
 * report then skips the gates that need proofs, and the bundle is built unproven, instead of both
 * failing on proofs nobody asked for.
 */
abstract class ProofAwareMojo extends AbstractStageMojo {

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

  /** The switch that skipped proving, or null. Maven's test switches are read as Surefire reads them (only "true" is true). */
  @Override
  String provingSkipped() throws MojoFailureException {
    if (Switches.parse("veriregime.skipProve", skipProve)) {
      return "-Dveriregime.skipProve";
    }
    return skipITs ? "-DskipITs" : skipTests ? "-DskipTests" : mavenTestSkip ? "-Dmaven.test.skip" : null;
  }
}
