package io.veriregime.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1: a master and its workers as child processes started
 * from Spark's own classes on this test's classpath, each worker with one core, so that executors
 * are separate JVMs that the workers start and a worker can be killed like a lost machine. Every
 * process it starts, and everything they started, ends when it is closed (or killed mid-run by
 * {@link #killWorker}); {@link #survivors} finds any that did not by the marker every one of them
 * carries on its command line.
 */
final class LoopbackSparkCluster implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://127\\.0\\.0\\.1:\\d+)");
  private static final String REGISTERED = "Successfully registered with master";

  private final Path dir;
  private final List<Process> started = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private final String masterUrl;

  /**
   * @param dir a directory of this cluster's own (logs, Spark's home, the workers' directories); its
   *     path is the marker of every process the cluster starts
   */
  LoopbackSparkCluster(Path dir, int workerCount) {
    this.dir = dir.toAbsolutePath();
    try {
      // executors are launched by a worker's command builder, which wants a Spark home with jars/: an empty
      // one, since the executors' classes come from spark.executor.extraClassPath (this classpath)
      Files.createDirectories(this.dir.resolve("spark-home/jars"));
      Process master = start("master", List.of("org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", "0", "--webui-port", "0"));
      this.masterUrl = awaitLog("master", master, MASTER_URL).group(1);
      List<Process> starting = new ArrayList<>();
      for (int i = 1; i <= workerCount; i++) {
        Path workDir = Files.createDirectories(this.dir.resolve("worker-" + i));
        starting.add(start("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
            "--cores", "1", "--memory", "1g", "--webui-port", "0", "--work-dir", workDir.toString(), masterUrl)));
      }
      for (int i = 0; i < starting.size(); i++) {
        awaitLog("worker-" + (i + 1), starting.get(i), Pattern.compile(Pattern.quote(REGISTERED)));
      }
      workers.addAll(starting);
    } catch (IOException | RuntimeException e) {
      close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  String masterUrl() {
    return masterUrl;
  }

  /** The classpath every executor needs: this test's own (Surefire hands it over as a property). */
  static String classpath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** Kills worker {@code index} (from 1) and everything it started (its executor and the executor's provers) with SIGKILL. */
  void killWorker(int index) {
    killTree(workers.get(index - 1));
  }

  /** Processes still alive that this cluster started, directly or not. */
  List<ProcessHandle> survivors() {
    String marker = dir.toString();
    return ProcessHandle.allProcesses()
        .filter(process -> process.pid() != ProcessHandle.current().pid())
        .filter(process -> process.info().commandLine().filter(line -> line.contains(marker)).isPresent())
        .toList();
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      killTree(started.get(i));
    }
  }

  private Process start(String name, List<String> mainAndArguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-Dveriregime.cluster=" + dir,
        // the lines awaited below are INFO, which the test classpath's slf4j-simple settings leave out
        "-Dorg.slf4j.simpleLogger.log.org.apache.spark.deploy=info",
        // the master's REST submission server takes the fixed port 6066: no second cluster could start
        "-Dspark.master.rest.enabled=false"));
    // the --add-opens list this JVM got from the pom, which Spark's own launcher would give its daemons
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> argument.startsWith("--add-opens")).forEach(command::add);
    command.addAll(List.of("-cp", classpath()));
    command.addAll(mainAndArguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    builder.environment().put("SPARK_HOME", dir.resolve("spark-home").toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    started.add(process);
    return process;
  }

  /** Waits for {@code pattern} in a daemon's log; a daemon that exits or stays silent fails with its log. */
  private Matcher awaitLog(String name, Process process, Pattern pattern) throws IOException {
    Path log = dir.resolve(name + ".log");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Matcher> found = Files.readAllLines(log).stream().map(pattern::matcher).filter(Matcher::find).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      if (!process.isAlive()) {
        break;
      }
      sleep(100);
    }
    throw new IllegalStateException("The Spark " + name + " did not log '" + pattern + "' (" + (process.isAlive()
        ? "still running after " + START_TIMEOUT.toSeconds() + " s" : "exited with " + process.exitValue()) + "):\n"
        + String.join("\n", Files.readAllLines(log)));
  }

  /** Its descendants first, so none of them outlives the parent that could still name them. */
  private static void killTree(Process process) {
    List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
    tree.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle handle : tree) {
      handle.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(timedOut -> handle).join();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the cluster started", e);
    }
  }
}
