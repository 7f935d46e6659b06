package io.veriregime.maven;

import io.veriregime.runtime.stage.StageLog;
import org.apache.maven.plugin.logging.Log;

/** Runtime progress to Maven's log. */
record MavenStageLog(Log log) implements StageLog {
  @Override
  public void info(String message) {
    log.info(message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }

  @Override
  public void debug(String message) {
    log.debug(message);
  }
}
