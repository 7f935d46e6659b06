package io.veriregime.runtime;

import io.veriregime.runtime.artifact.StageLog;
import io.veriregime.runtime.experiment.Experiment;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a stage needs from its caller.
 *
 * @param outputRoot where every stage writes its directory ({@code target/veriregime})
 * @param offline never touch the network; a cache miss is an error
 * @param inChildJvm true when this JVM may load native engines (libtorch): the child JVM that
 *     {@code ChildJvm} starts, the CLI, or a test
 * @param runtimeClasspath the classpath a child JVM runs this runtime with
 */
public record StageContext(
    Experiment experiment,
    Path outputRoot,
    boolean offline,
    boolean inChildJvm,
    List<Path> runtimeClasspath,
    StageLog log) {

  public StageContext {
    runtimeClasspath = List.copyOf(runtimeClasspath);
  }

  public Path stageDir(String stage) {
    return outputRoot.resolve(stage);
  }
}
