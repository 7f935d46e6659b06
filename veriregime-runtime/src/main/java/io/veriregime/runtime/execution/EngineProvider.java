package io.veriregime.runtime.execution;

import io.veriregime.runtime.experiment.ClusterConfig;
import io.veriregime.runtime.experiment.ClusterEngine;
import io.veriregime.runtime.stage.StageLog;

/**
 * A cluster engine found with {@link java.util.ServiceLoader} (a {@code META-INF/services} entry of
 * its module), so the runtime and the plugin never load a cluster's classes unless a build puts
 * that module on the plugin's classpath and asks for it.
 */
public interface EngineProvider {

  /** The {@code cluster.engine} value it serves. */
  ClusterEngine engine();

  /** Connects to the cluster {@code cluster} names; the engine is closed when the work is done. */
  TaskEngine open(ClusterConfig cluster, StageLog log);
}
