package io.veriregime.runtime.execution;

import io.veriregime.runtime.experiment.ClusterConfig;
import io.veriregime.runtime.experiment.ClusterEngine;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.stage.StageLog;
import java.nio.file.Path;
import java.util.ServiceLoader;

/** The engine {@code cluster.engine} asks for: the local one, or a provider found on the classpath. */
public final class Engines {

  /**
   * This machine's engine whatever cluster.engine says, for work that must stay on the driver: a sweep's
   * variants run their stages here (their zk-prove shares still go where cluster.engine says).
   */
  public static TaskEngine local(ClusterConfig cluster, StageLog log) {
    return new LocalEngine(cluster.parallelism(), cluster.maxAttempts(), log);
  }

  /** The Maven coordinates of the module that provides each cluster engine, for the message when it is missing. */
  static final String SPARK_MODULE = "io.veriregime:veriregime-spark";

  private Engines() {}

  /**
   * With a master whose executors run on other machines, every file a task reads or writes lies under
   * {@code dir}, which must then be on cluster.workDir, the path every executor mounts. Checked before
   * anything runs: the build stops here rather than after hours of training.
   *
   * @param writer the stage whose tasks write under {@code dir}, for the message
   */
  public static void requireShared(Experiment experiment, Path dir, String writer) {
    ClusterConfig cluster = experiment.config().cluster();
    if (cluster.remoteMaster() && !dir.toAbsolutePath().normalize().startsWith(cluster.workDir())) {
      throw experiment.error("cluster.workDir", "is " + cluster.workDir() + ", but " + writer + " writes to " + dir
              + ", which the executors of " + cluster.master() + " cannot see",
          "Put the output directory under it (-Dveriregime.outputDirectory=" + cluster.workDir() + "/<project>).");
    }
  }

  public static TaskEngine open(Experiment experiment, StageLog log) {
    ClusterConfig cluster = experiment.config().cluster();
    if (cluster.engine() == ClusterEngine.LOCAL) {
      return local(cluster, log);
    }
    ClassLoader loader = Engines.class.getClassLoader();
    for (EngineProvider provider : ServiceLoader.load(EngineProvider.class, loader)) {
      if (provider.engine() == cluster.engine()) {
        return provider.open(cluster, log);
      }
    }
    throw experiment.error("cluster.engine", cluster.engine().yamlName() + " needs the module " + SPARK_MODULE
            + ", which is not on the plugin's classpath",
        "Add it inside the veriregime-maven-plugin's <plugin> element of your pom: <dependencies><dependency>"
            + "<groupId>io.veriregime</groupId><artifactId>veriregime-spark</artifactId><version>(the plugin's version)"
            + "</version></dependency></dependencies>; or remove cluster.engine to run on this machine.");
  }
}
