package io.veriregime.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Trains two MLP students on the same data and budget, one on labels alone and one distilled from
 * the teacher (loss α·T²·KL + (1−α)·CE, over the temperature/alpha grid), in a child JVM. Writes
 * both students, their metrics, the grid and the retention against the teacher under
 * {@code target/veriregime/distill}.
 */
@Mojo(name = "distill", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class DistillMojo extends AbstractStageMojo {

  @Override
  String stageName() {
    return "distill";
  }
}
