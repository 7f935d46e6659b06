package io.veriregime.spark;

import io.veriregime.runtime.execution.EngineProvider;
import io.veriregime.runtime.execution.TaskEngine;
import io.veriregime.runtime.experiment.ClusterConfig;
import io.veriregime.runtime.experiment.ClusterEngine;
import io.veriregime.runtime.stage.StageLog;

/** {@code cluster.engine: spark}, found by the runtime's {@code ServiceLoader} when this module is on the classpath. */
public final class SparkEngineProvider implements EngineProvider {

  @Override
  public ClusterEngine engine() {
    return ClusterEngine.SPARK;
  }

  @Override
  public TaskEngine open(ClusterConfig cluster, StageLog log) {
    return new SparkEngine(cluster, log);
  }
}
