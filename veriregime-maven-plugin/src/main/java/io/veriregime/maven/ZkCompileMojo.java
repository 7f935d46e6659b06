package io.veriregime.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Exports the distilled student (and the teacher) to ONNX, checks each export against the trained
 * model in ONNX Runtime, and runs EZKL: gen-settings, calibrate-settings, compile-circuit, SRS and
 * setup. Writes the ONNX files, settings, compiled circuit and keys under
 * {@code target/veriregime/zk/compile}. Installs the pinned EZKL from PyPI into a managed Python
 * environment on first use unless {@code zk.ezkl.python} names an interpreter that already has it.
 */
@Mojo(name = "zk-compile", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ZkCompileMojo extends AbstractStageMojo {

  /** Skip the proving goals (zk-compile and zk-prove): {@code true} or {@code false} (anything else fails the build). */
  @Parameter(property = "veriregime.skipProve", defaultValue = "false")
  private String skipProve;

  @Override
  String stageName() {
    return "zk-compile";
  }

  @Override
  String skipReason() throws MojoFailureException {
    boolean own = Switches.parse("veriregime.skipProve", skipProve); // checked even when veriregime.skip is set
    String reason = super.skipReason();
    return reason != null ? reason : own ? "veriregime.skipProve" : null;
  }
}
