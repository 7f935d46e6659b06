package io.veriregime.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Exports the distilled student (and the teacher) to ONNX, checks each export against the trained
 * model in ONNX Runtime, and runs EZKL: gen-settings, calibrate-settings, compile-circuit, SRS and
 * setup. Writes the ONNX files, settings, compiled circuit and keys under
 * {@code target/veriregime/zk/compile}. Installs the pinned EZKL into a managed Python environment
 * on first use unless {@code zk.ezkl.python} is set.
 */
@Mojo(name = "zk-compile", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ZkCompileMojo extends AbstractStageMojo {

  @Override
  String stageName() {
    return "zk-compile";
  }
}
