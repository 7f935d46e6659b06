package io.veriregime.spark;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.execution.Job;
import io.veriregime.runtime.execution.JobProgress;
import io.veriregime.runtime.execution.Task;
import io.veriregime.runtime.execution.TaskEngine;
import io.veriregime.runtime.execution.TaskFailure;
import io.veriregime.runtime.execution.TaskFunction;
import io.veriregime.runtime.execution.TaskOutcome;
import io.veriregime.runtime.experiment.ClusterConfig;
import io.veriregime.runtime.stage.StageLog;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * {@code cluster.engine: spark}: a job's tasks as one Spark job, one partition per task, so Spark's
 * scheduler places them on executors and retries a failed or lost one (spark.task.maxFailures =
 * cluster.maxAttempts); {@code collect} hands the results back in partition order, which is task order.
 * Nothing is scheduled here: this class only translates.
 */
final class SparkEngine implements TaskEngine {

  /** Spark's in-process masters without a failure count: local, local[4], local[*]. */
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)])?");
  /** Spark's Kubernetes scheduler, found by Spark's own ServiceLoader when its module is on the classpath. */
  static final String KUBERNETES_MANAGER = "org.apache.spark.scheduler.cluster.k8s.KubernetesClusterManager";
  /** Which partition (task) a job that Spark aborted failed on, from its message. */
  private static final Pattern FAILED_TASK = Pattern.compile("Task (\\d+) in stage \\S+ failed (\\d+) times");

  private final JavaSparkContext spark;
  private final int maxAttempts;
  private final StageLog log;

  SparkEngine(ClusterConfig cluster, StageLog log) {
    this.maxAttempts = cluster.maxAttempts();
    this.log = log;
    requireClusterManager(cluster.master(), SparkEngine.class.getClassLoader());
    SparkConf conf = new SparkConf(false).setAppName("veriregime").setMaster(master(cluster))
        .set("spark.ui.enabled", "false")
        .set("spark.task.maxFailures", Integer.toString(cluster.maxAttempts()));
    cluster.conf().forEach(conf::set); // the user's settings win
    log.info("spark: connecting to " + conf.get("spark.master"));
    this.spark = new JavaSparkContext(conf);
  }

  /** Spark retries a task of a local master only when its failure count is given: local[N] runs as local[N,maxAttempts]. */
  static String master(ClusterConfig cluster) {
    Matcher local = LOCAL.matcher(cluster.master());
    if (local.matches()) {
      return "local[" + (local.group(1) == null ? "1" : local.group(1)) + "," + cluster.maxAttempts() + "]";
    }
    return cluster.master();
  }

  /**
   * A k8s:// master needs Spark's Kubernetes module, which this module leaves to the builds that use it
   * (it brings a Kubernetes client most builds never load); without it Spark would only say that it
   * cannot parse the master URL.
   */
  static void requireClusterManager(String master, ClassLoader loader) {
    if (!master.startsWith("k8s://")) {
      return;
    }
    try {
      Class.forName(KUBERNETES_MANAGER, false, loader);
    } catch (ClassNotFoundException e) {
      throw new VeriRegimeException("cluster.master " + master + " needs Spark's Kubernetes scheduler, which is not on"
          + " the plugin's classpath. Add <dependency><groupId>org.apache.spark</groupId><artifactId>spark-kubernetes_2.13"
          + "</artifactId><version>" + SparkConf.class.getPackage().getImplementationVersion() + "</version></dependency>"
          + " beside veriregime-spark in the veriregime-maven-plugin's <dependencies>.");
    }
  }

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public int executors(int planned, int tasks) {
    return Math.max(1, Math.min(spark.defaultParallelism(), tasks));
  }

  @Override
  public <T, R> List<TaskOutcome<R>> run(Job<T, R> job) {
    int tasks = job.tasks().size();
    JobProgress progress = new JobProgress(log, job.name(), tasks, executors(job.parallelism(), tasks));
    ProgressListener listener = new ProgressListener(job.tasks(), progress, maxAttempts);
    spark.sc().addSparkListener(listener);
    try {
      List<Ran<R>> ran = spark.parallelize(job.tasks(), tasks).map(runOn(job.function())).collect();
      List<TaskOutcome<R>> outcomes = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        Ran<R> one = ran.get(i);
        outcomes.add(new TaskOutcome<>(job.tasks().get(i).id(), one.result(), one.attempt(), one.seconds(),
            one.executor(), listener.failures(i)));
      }
      return outcomes;
    } catch (Exception e) {
      throw failure(job, e);
    } finally {
      spark.sc().removeSparkListener(listener);
    }
  }

  /** Spark's abort of a job, as the task that failed on every attempt and Spark's last message for it. */
  private <T> RuntimeException failure(Job<T, ?> job, Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    Matcher failed = FAILED_TASK.matcher(message);
    if (!failed.find()) {
      return new VeriRegimeException(job.name() + ": Spark stopped the job: " + message, e);
    }
    Map<Task<?>, String> lastErrors = new LinkedHashMap<>();
    lastErrors.put(job.tasks().get(Integer.parseInt(failed.group(1))), message.substring(failed.end()).strip());
    return new TaskFailure(job.name(), Integer.parseInt(failed.group(2)), lastErrors);
  }

  /** Runs on the executor: the task's function, with the attempt Spark is on and where. */
  private static <T, R> Function<Task<T>, Ran<R>> runOn(TaskFunction<T, R> function) {
    return task -> {
      int attempt = TaskContext.get().attemptNumber() + 1;
      String executor = "executor " + SparkEnv.get().executorId() + " (" + Thread.currentThread().getName() + ")";
      long started = System.nanoTime();
      R result = function.apply(task.input(), new TaskFunction.Attempt(attempt, executor));
      return new Ran<>(result, attempt, (System.nanoTime() - started) / 1e9, executor);
    };
  }

  @Override
  public void close() {
    spark.stop();
    quietHadoopShutdown();
  }

  /**
   * Spark registers Hadoop's shutdown hook, which runs when the JVM exits: under Maven that is after
   * the plugin's class realm has closed, so a class the hook had not loaded yet is gone and it prints
   * a stack trace at the user (seen: ShutdownHookManager$2). With Spark stopped the hook has nothing
   * left to do: its hooks are cleared and the classes its last run needs are loaded now.
   */
  private static void quietHadoopShutdown() {
    ShutdownHookManager.get().clearShutdownHooks();
    for (String nested : List.of("$1", "$2", "$HookEntry")) {
      try {
        Class.forName(ShutdownHookManager.class.getName() + nested, true, ShutdownHookManager.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        // another Hadoop version: nothing of this name to load, so nothing it would miss later either
      }
    }
    new Configuration(); // the hook's last step builds one
  }

  /** A task's successful attempt, as it comes back from the executor. */
  record Ran<R>(R result, int attempt, double seconds, String executor) implements Serializable {}
}
