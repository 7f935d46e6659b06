package io.veriregime.maven;

import io.veriregime.runtime.layout.StageId;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Proves and verifies the student's inference on test samples with the proving backend zk-compile
 * compiled the circuit with (EZKL or Groth16, {@code zk.backend}; once more per compared backend of
 * {@code zk.backends}) and records timings (mean ± standard error), proof and key sizes, circuit
 * size, peak memory and agreement with the float model under {@code target/veriregime/zk/prove}.
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
    return StageId.ZK_PROVE.goal();
  }

  @Override
  String skipReason() throws MojoFailureException {
    String proving = provingSkipped(); // checked even when veriregime.skip is set
    String reason = super.skipReason();
    return reason != null ? reason : proving == null ? null : proving.substring("-D".length());
  }
}
