package io.veriregime.runtime.process;

import io.veriregime.runtime.VeriRegimeException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.PumpStreamHandler;
import org.apache.commons.exec.Watchdog;

/**
 * Runs a command with Apache Commons Exec, handing every line of its stdout and stderr to the
 * caller as it is printed (so long work shows progress live), killing it after a time-out. The
 * exit status is returned, not judged: the caller knows what a failure means; {@link Result#kind()}
 * and {@link Result#describe()} say what happened in terms the caller can turn into advice.
 *
 * <p>No child outlives the JVM that started it, nor its time-out: the child and everything it
 * started (its descendants) get SIGTERM, then SIGKILL after a short grace, when the time-out
 * expires and when the JVM ends (a shutdown hook: Ctrl-C, SIGTERM, the end of the build).
 */
public final class ChildProcess {

  /** What happened to a child, as far as its exit status and the time-out tell. */
  public enum Kind {
    /** Exit status 0. */
    SUCCEEDED,
    /** It ran and exited with a non-zero status of its own. */
    FAILED,
    /** Stopped by the time-out given to {@link ChildProcess#run}. */
    TIMED_OUT,
    /**
     * Ended by a signal (exit status 128 + N). SIGKILL (137) nobody asked for is usually the
     * kernel's out-of-memory killer or a container memory limit.
     */
    KILLED_BY_SIGNAL,
    /** A shell could not find the command (status 127), or the program does not exist. */
    NOT_FOUND,
    /** The command exists but is not executable (status 126, or permission denied). */
    NOT_EXECUTABLE
  }

  /** How the command ended. */
  public record Result(int exitCode, boolean timedOut, Duration elapsed) {

    /** What happened, from the time-out flag and the exit status. */
    public Kind kind() {
      if (timedOut) {
        return Kind.TIMED_OUT;
      }
      if (exitCode == 0) {
        return Kind.SUCCEEDED;
      }
      if (exitCode == 127) {
        return Kind.NOT_FOUND;
      }
      if (exitCode == 126) {
        return Kind.NOT_EXECUTABLE;
      }
      return signal().isPresent() ? Kind.KILLED_BY_SIGNAL : Kind.FAILED;
    }

    /**
     * The signal that ended the process: Java (and shells) report death by signal N as status
     * 128 + N. Empty when it exited by itself or on Windows, where there are no signals.
     */
    public OptionalInt signal() {
      if (exitCode > 128 && exitCode <= 128 + 64 && !WINDOWS) {
        return OptionalInt.of(exitCode - 128);
      }
      return OptionalInt.empty();
    }

    /** Killed with SIGKILL by someone other than our time-out: most often for memory. */
    public boolean likelyOutOfMemory() {
      return kind() == Kind.KILLED_BY_SIGNAL && exitCode == 128 + 9;
    }

    /**
     * One phrase for a message, e.g. "was killed by signal 9 (SIGKILL), usually the kernel's
     * out-of-memory killer or a container memory limit". The caller adds which limit to raise.
     */
    public String describe() {
      return switch (kind()) {
        case SUCCEEDED -> "succeeded";
        case FAILED -> "exited with status " + exitCode;
        case TIMED_OUT -> "did not finish within its time limit (" + elapsed.toSeconds() + " s) and was stopped";
        case NOT_FOUND -> "could not be started: command not found (status 127)";
        case NOT_EXECUTABLE -> "could not be started: not executable (status 126)";
        case KILLED_BY_SIGNAL -> {
          int signal = signal().orElseThrow();
          yield "was killed by signal " + signal + signalName(signal)
              + (likelyOutOfMemory() ? ", usually the kernel's out-of-memory killer or a container memory limit" : "");
        }
      };
    }
  }

  /**
   * The command could not be started at all: the program does not exist, or is not executable.
   * A {@link VeriRegimeException}, as before, so callers that catch that keep working.
   */
  public static final class StartFailure extends VeriRegimeException {
    private final Kind kind;
    private final String program;

    StartFailure(String program, Kind kind, IOException cause) {
      super("Could not start " + program + ": " + (kind == Kind.NOT_EXECUTABLE
          ? "it is not executable (permission denied). Make it executable, or point to the right file."
          : kind == Kind.NOT_FOUND
              ? "no such file or command. Check that it is installed and the path is right."
              : cause.getMessage() + ". Check that it is installed and executable."), cause);
      this.program = program;
      this.kind = kind;
    }

    /** {@link Kind#NOT_FOUND}, {@link Kind#NOT_EXECUTABLE}, or {@link Kind#FAILED} for another I/O error. */
    public Kind kind() {
      return kind;
    }

    public String program() {
      return program;
    }
  }

  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private ChildProcess() {}

  /**
   * Runs {@code command} in {@code workDir} with this JVM's environment plus {@code extraEnv}.
   *
   * @throws StartFailure if the program cannot be started (not found, not executable)
   */
  public static Result run(
      List<String> command,
      Path workDir,
      Map<String, String> extraEnv,
      Duration timeout,
      Consumer<String> stdout,
      Consumer<String> stderr) {
    CommandLine commandLine = new CommandLine(command.get(0));
    command.subList(1, command.size()).forEach(argument -> commandLine.addArgument(argument, false));
    TreeWatchdog watchdog = new TreeWatchdog(timeout);
    DefaultExecutor executor = new TreeExecutor();
    executor.setWorkingDirectory(workDir.toFile());
    executor.setWatchdog(watchdog);
    executor.setExitValues(null); // every status is returned to the caller
    executor.setStreamHandler(new PumpStreamHandler(lines(stdout), lines(stderr)));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putAll(extraEnv);
    long start = System.nanoTime();
    try {
      int exit = executor.execute(commandLine, env);
      return new Result(exit, watchdog.killedProcess(), Duration.ofNanos(System.nanoTime() - start));
    } catch (ExecuteException e) {
      return new Result(e.getExitValue(), watchdog.killedProcess(), Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new StartFailure(command.get(0), startFailureKind(e), e);
    }
  }

  /** The JDK reports a failed exec as "error=2, No such file or directory" / "error=13, Permission denied". */
  static Kind startFailureKind(IOException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("error=2,") || message.contains("No such file")) {
      return Kind.NOT_FOUND;
    }
    if (message.contains("error=13,") || message.contains("Permission denied")) {
      return Kind.NOT_EXECUTABLE;
    }
    return Kind.FAILED;
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 1 -> " (SIGHUP)";
      case 2 -> " (SIGINT)";
      case 6 -> " (SIGABRT)";
      case 9 -> " (SIGKILL)";
      case 11 -> " (SIGSEGV, a crash)";
      case 15 -> " (SIGTERM)";
      default -> "";
    };
  }

  private static LogOutputStream lines(Consumer<String> consumer) {
    return new LogOutputStream() {
      @Override
      protected void processLine(String line, int level) {
        consumer.accept(line);
      }
    };
  }

  /**
   * Registers the child with the destroyer the moment it exists. Commons Exec registers it only
   * after starting the stream pumps, which leaves a window in which a SIGTERM to this JVM would
   * orphan a child that has already started its own children.
   */
  private static final class TreeExecutor extends DefaultExecutor {
    @SuppressWarnings("deprecation") // the builder cannot make subclasses
    TreeExecutor() {
      setProcessDestroyer(ProcessTree.DESTROYER);
    }

    @Override
    protected Process launch(CommandLine command, Map<String, String> env, File workingDirectory) throws IOException {
      Process process = super.launch(command, env, workingDirectory);
      ProcessTree.DESTROYER.add(process); // again in execute(): a set, so once
      return process;
    }
  }

  /**
   * Commons Exec's watchdog stops only the child itself on time-out; this one ends the child's
   * descendants too. The tree is collected before the child is signalled (afterwards its
   * children would be orphans, out of reach).
   */
  private static final class TreeWatchdog extends ExecuteWatchdog {
    private Process process;

    @SuppressWarnings("deprecation") // the builder cannot make subclasses
    TreeWatchdog(Duration timeout) {
      super(timeout.toMillis());
    }

    @Override
    public synchronized void start(Process process) {
      this.process = process;
      super.start(process);
    }

    @Override
    public synchronized void timeoutOccured(Watchdog w) {
      List<ProcessHandle> tree = process == null ? List.of() : ProcessTree.snapshot(process.toHandle());
      super.timeoutOccured(w); // marks the time-out and sends the child SIGTERM
      ProcessTree.terminate(tree, ProcessTree.GRACE);
    }
  }
}
