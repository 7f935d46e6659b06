package io.veriregime.maven;

import io.veriregime.runtime.layout.StageId;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Exports the student to prove (the distilled one, or the one optimize chose) and the teacher to ONNX,
 * checks each export against the trained model in ONNX Runtime, and compiles and sets up the circuit
 * with the proving backend {@code zk.backend} names: EZKL (gen-settings, calibrate-settings,
 * compile-circuit, SRS and setup) or Groth16 (VeriRegime's circuit compiler for the student, then
 * snarkjs' setup over powers of tau and one phase-2 contribution; it does not compile the teacher).
 * Writes the ONNX files, the circuit and its keys under {@code target/veriregime/zk/compile}, and
 * compiles once more per compared backend of {@code zk.backends}. Provisions the backend's pinned
 * tools on first use: EZKL from PyPI into a managed Python environment (unless {@code zk.ezkl.python}
 * names an interpreter that already has it), snarkjs from npm beside Node.js.
 */
@Mojo(name = "zk-compile", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ZkCompileMojo extends AbstractStageMojo {

  /** Skip the proving goals (zk-compile and zk-prove): {@code true} or {@code false} (anything else fails the build). */
  @Parameter(property = "veriregime.skipProve", defaultValue = "false")
  private String skipProve;

  @Override
  String stageName() {
    return StageId.ZK_COMPILE.goal();
  }

  @Override
  String skipReason() throws MojoFailureException {
    boolean own = Switches.parse("veriregime.skipProve", skipProve); // checked even when veriregime.skip is set
    String reason = super.skipReason();
    return reason != null ? reason : own ? "veriregime.skipProve" : null;
  }
}
