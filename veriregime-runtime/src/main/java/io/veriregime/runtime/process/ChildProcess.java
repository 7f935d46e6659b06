package io.veriregime.runtime.process;

import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs a command with Apache Commons Exec, handing every line of its stdout and stderr to the
 * caller as it is printed (so long work shows progress live), killing it after a time-out. The
 * exit status is returned, not judged: the caller knows what a failure means.
 */
public final class ChildProcess {

  /** How the command ended. */
  public record Result(int exitCode, boolean timedOut, Duration elapsed) {}

  private ChildProcess() {}

  public static Result run(
      List<String> command,
      Path workDir,
      Map<String, String> extraEnv,
      Duration timeout,
      Consumer<String> stdout,
      Consumer<String> stderr) {
    CommandLine commandLine = new CommandLine(command.get(0));
    command.subList(1, command.size()).forEach(argument -> commandLine.addArgument(argument, false));
    ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(timeout).get();
    DefaultExecutor executor = DefaultExecutor.builder().setWorkingDirectory(workDir.toFile()).get();
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
      throw new VeriRegimeException("Could not start " + command.get(0) + ": " + e.getMessage()
          + ". Check that it is installed and executable.", e);
    }
  }

  private static LogOutputStream lines(Consumer<String> consumer) {
    return new LogOutputStream() {
      @Override
      protected void processLine(String line, int level) {
        consumer.accept(line);
      }
    };
  }
}
