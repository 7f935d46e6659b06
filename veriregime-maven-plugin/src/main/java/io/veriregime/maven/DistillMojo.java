package io.veriregime.maven;

import io.veriregime.runtime.layout.StageId;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains two MLP students on the same data and budget, one on labels alone and one distilled from
 * the teacher (loss α·T²·KL + (1−α)·CE, over the temperature/alpha grid), in a child JVM. Writes
 * both students, their metrics, the grid and the retention against the teacher under
 * {@code target/veriregime/distill}.
 */
@Mojo(name = "distill", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class DistillMojo extends AbstractStageMojo {

  /** Skip the training goals (train-teacher and distill): {@code true} or {@code false} (anything else fails the build). */
  @Parameter(property = "veriregime.skipTraining", defaultValue = "false")
  private String skipTraining;

  @Override
  String stageName() {
    return StageId.DISTILL.goal();
  }

  @Override
  String skipReason() throws MojoFailureException {
    boolean own = Switches.parse("veriregime.skipTraining", skipTraining); // checked even when veriregime.skip is set
    String reason = super.skipReason();
    return reason != null ? reason : own ? "veriregime.skipTraining" : null;
  }
}
