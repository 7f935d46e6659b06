package io.veriregime.runtime.experiment;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code cluster:} section: where the work a build fans out (proof shares, sweep variants) runs.
 * None of it changes what is computed, only where and how many at once, so no stage's fingerprint
 * reads it.
 *
 * @param engine {@code local} (this machine) or {@code spark}
 * @param master Spark's master URL: {@code local[N]}, {@code spark://host:port} or {@code k8s://https://host:port};
 *     only with engine spark
 * @param parallelism the most tasks at once on this machine; 0 lets each job plan its own (zk-prove: zk.provers)
 * @param maxAttempts how often a task is tried before the build fails naming it (Spark's spark.task.maxFailures)
 * @param conf Spark settings passed as they are (spark.executor.memory: 4g); only with engine spark
 * @param workDir a directory the driver and every executor see at the same path, for what executors
 *     read and write; required with a master that is not {@code local[…]}
 */
public record ClusterConfig(ClusterEngine engine, String master, int parallelism, int maxAttempts,
                            Map<String, String> conf, Path workDir) implements ConfigSection {

  /** local, local[4], local[*], local[4,2] (threads, failures): Spark's own forms of an in-process master. */
  private static final Pattern LOCAL_MASTER = Pattern.compile("local(\\[(\\*|\\d+)(,\\s*\\d+)?])?");
  private static final Pattern REMOTE_MASTER = Pattern.compile("(spark://[^\\s/:]+:\\d+(,[^\\s/:]+:\\d+)*|k8s://\\S+)");

  static final ClusterConfig DEFAULTS = new ClusterConfig(ClusterEngine.LOCAL, "local[*]", 0, 2, Map.of(), null);

  public ClusterConfig {
    conf = Collections.unmodifiableMap(new TreeMap<>(conf));
  }

  /** Whether executors run on other machines, so need {@link #workDir} to share files. */
  public boolean remoteMaster() {
    return REMOTE_MASTER.matcher(master).matches();
  }

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(parallelism >= 0, "parallelism", "must be 0 (each job plans its own) or more, got " + parallelism,
        "Use 0, or the most tasks to run at once on this machine.");
    checks.positive(maxAttempts, "maxAttempts");
    boolean spark = engine == ClusterEngine.SPARK;
    checks.require(spark || !checks.isSet("master"), "master", "is only read with cluster.engine: spark",
        "Set cluster.engine: spark, or remove cluster.master.");
    checks.require(spark || conf.isEmpty(), "conf", "is only read with cluster.engine: spark",
        "Set cluster.engine: spark, or remove cluster.conf.");
    checks.require(LOCAL_MASTER.matcher(master).matches() || remoteMaster(), "master",
        "'" + master + "' is not a Spark master URL",
        "Use local[2] (in this JVM), spark://host:7077 (a standalone master) or k8s://https://host:6443 (Kubernetes).");
    checks.require(!remoteMaster() || workDir != null, "workDir",
        "is required with the master " + master + ": its executors run on other machines",
        "Set cluster.workDir to a directory every executor mounts at the same path (e.g. an NFS share).");
    conf.forEach((key, value) -> checks.require(key.startsWith("spark."), "conf." + key,
        "is not a Spark setting (they all start with 'spark.')", "Use Spark's own names, e.g. spark.executor.memory: 4g."));
  }
}
