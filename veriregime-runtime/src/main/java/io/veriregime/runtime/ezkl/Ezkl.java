package io.veriregime.runtime.ezkl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.experiment.EzklConfig;
import io.veriregime.runtime.experiment.Section;
import io.veriregime.runtime.stage.ToolEnvironment;
import io.veriregime.runtime.process.ChildProcess;
import io.veriregime.runtime.process.ChildProtocol;
import io.veriregime.runtime.process.Heartbeat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The pinned EZKL, ready to run: a Python interpreter that has {@code ezkl==}{@link #version()} and
 * the driver script that wraps its API. Every step runs in its own child process (Commons Exec via
 * {@link ChildProcess}) with the configured time-out; EZKL's chatter goes to the debug log, its
 * errors are always shown.
 */
public final class Ezkl {

  /** EZKL's (or Python's) own error lines, shown without debug logging; not its accuracy tables' "error" columns nor its per-scale calibration attempts. */
  private static final Pattern ERROR_LINE = Pattern.compile("^(?![|+]|i-scale:).*\\b(error|panicked|Traceback)\\b", Pattern.CASE_INSENSITIVE);
  /** Lines of EZKL's own output kept to explain a failure. */
  private static final int TAIL_LINES = 20;
  /**
   * How often a running step (or the install) says it is still running: EZKL's output goes to the
   * debug log, so SRS generation, setup or prove on a big circuit would otherwise be minutes of silence.
   */
  static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
  /** A line a batch step prints after each item, outside the child protocol's result and error lines. */
  private static final String PROGRESS_PREFIX = "veriregime-progress: ";

  private final Path python;
  private final Path driver;
  private final String version;
  private final Duration timeout;
  private final StageLog log;

  Ezkl(Path python, Path driver, String version, Duration timeout, StageLog log) {
    this.python = python;
    this.driver = driver;
    this.version = version;
    this.timeout = timeout;
    this.log = log;
  }

  /**
   * Resolves EZKL: {@code zk.ezkl.python} (an interpreter that already has the pinned ezkl) or else the
   * isolated environment VeriRegime keeps under {@code zk.ezkl.toolsDir}, creating it on first use
   * unless the build is offline, through its proxies.
   */
  public static Ezkl provision(Section<EzklConfig> ezkl, ToolEnvironment env) {
    return new EzklProvisioner(ezkl, env).provision();
  }

  /** The ezkl package version this toolchain runs (always the pinned one). */
  public String version() {
    return version;
  }

  /**
   * Runs one driver step. A step that EZKL rejects becomes an {@link EzklFailure} carrying EZKL's
   * message, so callers can translate it into advice about experiment.yaml.
   */
  EzklStep run(String step, Map<String, Object> arguments) {
    return run(step, arguments, Map.of(), timeout, progress -> { });
  }

  /**
   * Runs a driver step that works through {@code items} things (proofs of a batch), so may take
   * zk.timeout for each, with {@code threads} CPU threads for EZKL (Rayon's pool), handing each
   * {@code veriregime-progress:} line the driver prints to {@code progress}.
   */
  EzklStep runBatch(String step, Map<String, Object> arguments, int items, int threads, Consumer<JsonNode> progress) {
    return run(step, arguments, Map.of("RAYON_NUM_THREADS", Integer.toString(threads)), timeout.multipliedBy(items),
        progress);
  }

  private EzklStep run(String step, Map<String, Object> arguments, Map<String, String> environment, Duration limit,
                       Consumer<JsonNode> progress) {
    ObjectNode args = JsonFiles.mapper().valueToTree(arguments);
    // by file, never on the command line: a batch's work list outgrows the OS's argument limit (seen at ~300 samples)
    Path argumentsFile = argumentsFile(step, args);
    List<String> command = List.of(python.toString(), driver.toString(), step, argumentsFile.toString());
    ChildProtocol.Reply reply = new ChildProtocol.Reply(TAIL_LINES);
    log.debug("ezkl " + step + " " + args);
    ChildProcess.Result result;
    try (Heartbeat ignored = Heartbeat.every(HEARTBEAT_INTERVAL,
        elapsed -> log.info("ezkl " + step + ": still running, " + elapsed.toSeconds() + " s"))) {
      Map<String, String> env = new HashMap<>(environment);
      env.put("PYTHONUNBUFFERED", "1");
      result = ChildProcess.run(command, driver.getParent(), env, limit,
          reply.stdout(line -> {
            if (line.startsWith(PROGRESS_PREFIX)) {
              progress.accept(readJson(line.substring(PROGRESS_PREFIX.length()), step));
            } else {
              log.debug("ezkl: " + line);
            }
          }),
          reply.stderr(line -> {
            if (ERROR_LINE.matcher(line).find()) {
              log.warn("ezkl: " + line);
            } else {
              log.debug("ezkl: " + line);
            }
          }));
    } finally {
      deleteQuietly(argumentsFile);
    }
    if (result.timedOut()) {
      throw new VeriRegimeException("EZKL step '" + step + "' did not finish within " + limit.toSeconds()
          + " s (zk.timeout " + timeout.toSeconds() + " s per prover step). Raise zk.timeout in experiment.yaml, or make the circuit smaller (zk.ezkl.maxLogrows, a smaller student).");
    }
    if (reply.error().isPresent()) {
      JsonNode error = readJson(reply.error().get(), step);
      log.debug(error.path("trace").asText());
      throw new EzklFailure(step, error.path("message").asText(), reply.tail());
    }
    if (result.exitCode() != 0 || reply.result().isEmpty()) {
      throw new VeriRegimeException("EZKL step '" + step + "' " + diagnosis(result) + (reply.tail().isBlank()
          ? " It printed nothing." : " Its last output:\n" + reply.tail() + "\n") + " Run with -X for EZKL's full output.");
    }
    JsonNode reported = readJson(reply.result().get(), step);
    EzklStep done = new EzklStep(step, Duration.ofNanos((long) (reported.path("seconds").asDouble() * 1e9)),
        reported.path("cpuSeconds").asDouble(), reported.path("peakRssBytes").asLong(), reported.path("result"));
    log.info(String.format("ezkl %s: %.2f s, peak memory %d MB", step, done.seconds(), done.peakRssBytes() >> 20));
    return done;
  }

  private static Path argumentsFile(String step, ObjectNode args) {
    try {
      Path file = Files.createTempFile("veriregime-ezkl-" + step + "-", ".json");
      Files.writeString(file, args.toString());
      return file;
    } catch (IOException e) {
      throw new VeriRegimeException("Could not write the arguments of EZKL step '" + step + "' to the temporary"
          + " directory (" + System.getProperty("java.io.tmpdir") + "): " + e.getMessage()
          + ". Free some space there, or point java.io.tmpdir elsewhere.", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover in the temporary directory holds only paths and settings, nothing secret
    }
  }

  /** What an exit status without the driver's answer says about how the step ended: no guessing beyond it. */
  private String diagnosis(ChildProcess.Result result) {
    String fix = switch (result.kind()) {
      case SUCCEEDED -> {
        // exited 0 yet never answered: whatever ran, it was not Python running the driver
        yield " without the driver's answer: " + python + " ran, but not as a Python interpreter running the EZKL"
            + " driver. Point zk.ezkl.python at a Python 3 interpreter (or remove it to use VeriRegime's own).";
      }
      case NOT_FOUND, NOT_EXECUTABLE -> " (" + python + "). Point zk.ezkl.python at a Python 3 interpreter (or remove"
          + " it to use VeriRegime's own).";
      case KILLED_BY_SIGNAL -> result.likelyOutOfMemory()
          ? ". Lower zk.ezkl.maxLogrows, prove a smaller student, or give the machine more memory." : ".";
      case TIMED_OUT, FAILED -> ".";
    };
    return (result.kind() == ChildProcess.Kind.SUCCEEDED ? "ended" : result.describe()) + fix;
  }

  private static JsonNode readJson(String text, String step) {
    try {
      return JsonFiles.mapper().readTree(text);
    } catch (IOException e) {
      throw new VeriRegimeException("EZKL step '" + step + "' reported something VeriRegime cannot read: " + text, e);
    }
  }

  /** EZKL rejected a step; {@link #ezklMessage()} is EZKL's own words. */
  static final class EzklFailure extends VeriRegimeException {
    private final String step;
    private final String ezklMessage;

    EzklFailure(String step, String ezklMessage, String outputTail) {
      super("EZKL step '" + step + "' failed: " + ezklMessage + (outputTail.isBlank() ? "" : "\nEZKL's last output:\n" + outputTail));
      this.step = step;
      this.ezklMessage = ezklMessage;
    }

    String step() {
      return step;
    }

    String ezklMessage() {
      return ezklMessage;
    }
  }
}
