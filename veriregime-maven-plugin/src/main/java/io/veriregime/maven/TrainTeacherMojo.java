package io.veriregime.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Trains the 1-D CNN teacher (DJL, PyTorch engine) on the dataset from fetch-data, in a child JVM
 * with the experiment's heap and threads; early stopping on validation loss. Writes the model
 * (architecture and weights), validation and test metrics beside the majority-class baseline, and
 * per-epoch training curves under {@code target/veriregime/teacher}.
 */
@Mojo(name = "train-teacher", defaultPhase = LifecyclePhase.COMPILE, threadSafe = true)
public class TrainTeacherMojo extends AbstractStageMojo {

  @Override
  String stageName() {
    return "train-teacher";
  }
}
