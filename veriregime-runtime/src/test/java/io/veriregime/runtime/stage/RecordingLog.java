package io.veriregime.runtime.stage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stage log for tests: keeps every line as {@code "INFO …"}, {@code "WARN …"} or
 * {@code "DEBUG …"} so tests can assert on progress and warnings, and echoes info and warnings so
 * a failing test shows what the stage was doing.
 */
public final class RecordingLog implements StageLog {

  public final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void info(String message) {
    lines.add("INFO " + message);
    System.out.println("[INFO] " + message);
  }

  @Override
  public void warn(String message) {
    lines.add("WARN " + message);
    System.out.println("[WARNING] " + message);
  }

  @Override
  public void debug(String message) {
    lines.add("DEBUG " + message);
  }

  public boolean contains(String fragment) {
    return lines.stream().anyMatch(line -> line.contains(fragment));
  }
}
