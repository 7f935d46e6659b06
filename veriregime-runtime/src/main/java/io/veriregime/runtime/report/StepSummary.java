package io.veriregime.runtime.report;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * GitHub Actions' job summary: when {@code GITHUB_STEP_SUMMARY} names a file (the runner sets it for every
 * step), a report's {@code summary.md} is appended to it, so the gates show on the run's page. Modules
 * built at once append one whole summary at a time: under a file lock across processes, and under this
 * class's monitor within one JVM (mvn -T runs modules on threads of one JVM, where a second
 * {@code FileChannel.lock} on the same file throws instead of waiting).
 */
final class StepSummary {

  static final String VARIABLE = "GITHUB_STEP_SUMMARY";
  private static final Object APPENDING = new Object();

  private StepSummary() {}

  static void append(Path summary, Map<String, String> environment, String stage, StageLog log) {
    String target = environment.get(VARIABLE);
    if (target == null || target.isBlank()) {
      return;
    }
    Path file = Path.of(target);
    synchronized (APPENDING) {
      appendLocked(summary, file, stage);
    }
    log.info(stage + ": appended " + summary.getFileName() + " to " + VARIABLE);
  }

  private static void appendLocked(Path summary, Path file, String stage) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND); FileLock lock = channel.lock()) {
      ByteBuffer text = ByteBuffer.wrap((Files.readString(summary) + "\n").getBytes(StandardCharsets.UTF_8));
      while (text.hasRemaining()) {
        channel.write(text);
      }
    } catch (IOException e) {
      throw new VeriRegimeException(stage + ": could not append " + summary + " to " + VARIABLE + " (" + file + "): "
          + e.getMessage() + ". Check that the file is writable, or unset " + VARIABLE + " outside GitHub Actions.", e);
    }
  }
}
