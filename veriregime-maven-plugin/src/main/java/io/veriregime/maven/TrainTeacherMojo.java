package io.veriregime.maven;

import io.veriregime.runtime.layout.StageId;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains the 1-D CNN teacher (DJL, PyTorch engine) on the dataset from fetch-data, in a child JVM
 * with the experiment's heap and threads; early stopping on validation loss. Writes the model
 * (architecture and weights), validation and test metrics beside the majority-class baseline, and
 * per-epoch training curves under {@code target/veriregime/teacher}.
 */
@Mojo(name = "train-teacher", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class TrainTeacherMojo extends AbstractStageMojo {

  /** Skip the training goals (train-teacher and distill): {@code true} or {@code false} (anything else fails the build). */
  @Parameter(property = "veriregime.skipTraining", defaultValue = "false")
  private String skipTraining;

  @Override
  String stageName() {
    return StageId.TRAIN_TEACHER.goal();
  }

  @Override
  String skipReason() throws MojoFailureException {
    boolean own = Switches.parse("veriregime.skipTraining", skipTraining); // checked even when veriregime.skip is set
    String reason = super.skipReason();
    return reason != null ? reason : own ? "veriregime.skipTraining" : null;
  }
}
