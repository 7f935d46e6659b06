package io.veriregime.maven;

import io.veriregime.runtime.layout.StageId;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Fine-tunes cheaper-to-prove variants of the distilled student (other activations), measures each
 * one's accuracy and its circuit in the proving backend, and chooses the student zk-compile proves:
 * the cheapest within {@code optimize.maxDrop} of the distilled student (in a child JVM). Writes the
 * candidates and {@code selection.json} under {@code target/veriregime/optimize}; with
 * {@code optimize.skip: true} in experiment.yaml zk-compile proves the distilled student.
 */
@Mojo(name = "optimize", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true)
public class OptimizeMojo extends AbstractStageMojo {

  @Override
  String stageName() {
    return StageId.OPTIMIZE.goal();
  }
}
