package io.veriregime.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Real processes only: no child outlives its time-out or its JVM, and a failure says what happened. */
@DisabledOnOs(OS.WINDOWS) // sh, sleep and signals
class ChildProcessTest {

  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String DRIVER_STARTED = "driver started";

  @TempDir Path dir;

  @Test
  void sigtermToTheParentJvmEndsTheChildAndEveryGrandchild() throws Exception {
    Process parent = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ChildProcessHolder.class.getName())
        .redirectErrorStream(true).redirectOutput(dir.resolve("holder.log").toFile()).start();
    List<ProcessHandle> descendants = new ArrayList<>();
    try {
      // the holder's shell child and its two sleeps, once the holder has registered the shell
      awaitLine(dir.resolve("holder.log"), ChildProcessHolder.STARTED);
      descendants.addAll(awaitDescendants(parent.toHandle(), 3));
      assertThat(descendants).allMatch(ProcessHandle::isAlive);

      parent.toHandle().destroy(); // SIGTERM, as `kill <maven pid>` would send

      assertThat(parent.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the holder JVM exits").isTrue();
      assertThat(awaitAllDead(descendants))
          .as("descendants still alive after SIGTERM to their JVM: %s; holder log:%n%s",
              descendants, Files.readString(dir.resolve("holder.log")))
          .isEmpty();
    } finally {
      descendants.forEach(ProcessHandle::destroyForcibly);
      parent.destroyForcibly();
    }
  }

  @Test
  @EnabledOnOs(OS.LINUX) // PR_SET_PDEATHSIG; elsewhere the driver's watching thread is all there is
  void theEzklDriverEndsWithinTwoSecondsOfItsParentsSigkillEvenWhileItHoldsTheGil() throws Exception {
    Path driver = dir.resolve("ezkl_driver.py");
    try (var in = ChildProcessTest.class.getResourceAsStream("/io/veriregime/runtime/ezkl/ezkl_driver.py")) {
      Files.write(driver, in.readAllBytes());
    }
    // the driver's own start, then a C call that holds the GIL for good, as a proof in EZKL's Rust does:
    // sre's backtracking over (a+)+$ never releases it, so no Python thread runs until it returns
    String script = "import re, sys; sys.path.insert(0, sys.argv[1]); import ezkl_driver; ezkl_driver.end_with_parent();"
        + " print('" + DRIVER_STARTED + "', flush=True); re.match(r'(a+)+$', 'a' * 64 + 'b')";
    Process parent = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ChildProcessHolder.class.getName(),
        "python3", "-c", script, dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("holder.log").toFile()).start();
    List<ProcessHandle> driverProcess = new ArrayList<>();
    try {
      awaitLine(dir.resolve("holder.log"), DRIVER_STARTED);
      driverProcess.addAll(awaitDescendants(parent.toHandle(), 1));

      parent.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs, nothing ends the child for it
      assertThat(parent.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("the holder JVM is killed").isTrue();

      long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (driverProcess.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(driverProcess).as("the driver 2 s after its parent's SIGKILL; holder log:%n%s",
          Files.readString(dir.resolve("holder.log"))).noneMatch(ProcessHandle::isAlive);
    } finally {
      driverProcess.forEach(ProcessHandle::destroyForcibly);
      parent.destroyForcibly();
    }
  }

  @Test
  void aTimeOutEndsTheChildAndEveryGrandchild() {
    List<String> pids = new CopyOnWriteArrayList<>();
    // the grandchildren do not hold the output pipe, so the run returns even if they survive
    ChildProcess.Result result = ChildProcess.run(
        List.of("sh", "-c", "sleep 300 >/dev/null 2>&1 & echo $!; sleep 301 >/dev/null 2>&1 & echo $!; wait"),
        dir, Map.of(), Duration.ofSeconds(2), pids::add, line -> {});
    List<ProcessHandle> grandchildren = pids.stream()
        .map(pid -> ProcessHandle.of(Long.parseLong(pid.trim()))).flatMap(java.util.Optional::stream).toList();
    try {
      assertThat(pids).hasSize(2);
      assertThat(result.timedOut()).isTrue();
      assertThat(result.kind()).isEqualTo(ChildProcess.Kind.TIMED_OUT);
      assertThat(result.describe()).contains("did not finish within its time limit");
      assertThat(awaitAllDead(grandchildren)).as("grandchildren alive after the time-out").isEmpty();
    } finally {
      grandchildren.forEach(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aChildKilledBySigkillIsReportedAsSuchAndLikelyOutOfMemory() {
    ChildProcess.Result result = run("kill -9 $$");

    assertThat(result.exitCode()).isEqualTo(137);
    assertThat(result.kind()).isEqualTo(ChildProcess.Kind.KILLED_BY_SIGNAL);
    assertThat(result.signal()).hasValue(9);
    assertThat(result.likelyOutOfMemory()).isTrue();
    assertThat(result.describe()).contains("killed by signal 9 (SIGKILL)").contains("out-of-memory");
  }

  @Test
  void otherSignalsAreNamedButNotBlamedOnMemory() {
    ChildProcess.Result result = run("kill -SEGV $$");

    assertThat(result.kind()).isEqualTo(ChildProcess.Kind.KILLED_BY_SIGNAL);
    assertThat(result.signal()).hasValue(11);
    assertThat(result.likelyOutOfMemory()).isFalse();
    assertThat(result.describe()).contains("signal 11").doesNotContain("memory");
  }

  @Test
  void anOrdinaryFailureIsItsOwnExitStatus() {
    ChildProcess.Result result = run("exit 3");

    assertThat(result.kind()).isEqualTo(ChildProcess.Kind.FAILED);
    assertThat(result.signal()).isEmpty();
    assertThat(result.describe()).isEqualTo("exited with status 3");
    assertThat(run("exit 0").kind()).isEqualTo(ChildProcess.Kind.SUCCEEDED);
  }

  @Test
  void aShellThatCannotFindOrRunTheCommandSaysSo() throws IOException {
    Path script = Files.writeString(dir.resolve("not-executable.sh"), "echo hi\n");

    assertThat(run("veriregime-no-such-command-x").kind()).isEqualTo(ChildProcess.Kind.NOT_FOUND);
    ChildProcess.Result notExecutable = run("'" + script + "'");
    assertThat(notExecutable.kind()).isEqualTo(ChildProcess.Kind.NOT_EXECUTABLE);
    assertThat(notExecutable.describe()).contains("not executable");
  }

  @Test
  void aProgramThatDoesNotExistIsNotFoundNotACrash() {
    Path missing = dir.resolve("no-python/bin/python");

    assertThatThrownBy(() -> ChildProcess.run(List.of(missing.toString(), "-V"), dir, Map.of(), PATIENCE, l -> {}, l -> {}))
        .isInstanceOf(VeriRegimeException.class)
        .isInstanceOfSatisfying(ChildProcess.StartFailure.class, failure -> {
          assertThat(failure.kind()).isEqualTo(ChildProcess.Kind.NOT_FOUND);
          assertThat(failure.program()).isEqualTo(missing.toString());
        })
        .hasMessageContaining("Could not start " + missing)
        .hasMessageContaining("no such file");
  }

  @Test
  void aProgramThatIsNotExecutableIsToldApart() throws IOException {
    Path script = Files.writeString(dir.resolve("python"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> ChildProcess.run(List.of(script.toString()), dir, Map.of(), PATIENCE, l -> {}, l -> {}))
        .isInstanceOfSatisfying(ChildProcess.StartFailure.class,
            failure -> assertThat(failure.kind()).isEqualTo(ChildProcess.Kind.NOT_EXECUTABLE))
        .hasMessageContaining("not executable");
  }

  private ChildProcess.Result run(String shellCommand) {
    return ChildProcess.run(List.of("sh", "-c", shellCommand), dir, Map.of(), PATIENCE, line -> {}, line -> {});
  }

  private static void awaitLine(Path log, String line) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the holder JVM did not print '" + line + "' within " + PATIENCE);
  }

  private static List<ProcessHandle> awaitDescendants(ProcessHandle root, int count) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      List<ProcessHandle> now = root.descendants().toList();
      if (now.size() >= count) {
        return now;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the holder JVM did not start " + count + " descendants within " + PATIENCE
        + "; it has " + root.descendants().map(ProcessHandle::pid).toList());
  }

  /** Polls until every process has ended, or the patience runs out; returns the survivors. */
  private static List<ProcessHandle> awaitAllDead(List<ProcessHandle> processes) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      if (processes.stream().noneMatch(ProcessHandle::isAlive)) {
        return List.of();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return processes.stream().filter(ProcessHandle::isAlive).toList();
  }
}
