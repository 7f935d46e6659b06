package io.veriregime.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

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
public class ZkProveMojo extends ProofAwareMojo {

  @Override
  String stageName() {
    return "zk-prove";
  }

  @Override
  String skipReason() throws MojoFailureException {
    String proving = provingSkipped(); // checked even when veriregime.skip is set
    String reason = super.skipReason();
    return reason != null ? reason : proving == null ? null : proving.substring("-D".length());
  }
}
