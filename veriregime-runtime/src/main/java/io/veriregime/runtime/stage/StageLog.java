package io.veriregime.runtime.stage;

/** Where stages report progress; the Maven plugin adapts it to Maven's log, the CLI prints. */
public interface StageLog {

  void info(String message);

  void warn(String message);

  void debug(String message);

  /**
   * This log with {@code prefix} before every message: for code that serves several stages (a
   * proving backend) and so cannot name the stage itself, e.g. {@code log.prefixed("zk-prove: ")}.
   */
  default StageLog prefixed(String prefix) {
    StageLog log = this;
    return new StageLog() {
      @Override
      public void info(String message) {
        log.info(prefix + message);
      }

      @Override
      public void warn(String message) {
        log.warn(prefix + message);
      }

      @Override
      public void debug(String message) {
        log.debug(prefix + message);
      }
    };
  }

  /**
   * This log with info and warnings demoted to debug: for a check whose findings the work it
   * precedes reports again at their level (a parent's look at a stage a child JVM then runs).
   */
  default StageLog debugOnly() {
    StageLog log = this;
    return new StageLog() {
      @Override
      public void info(String message) {
        log.debug(message);
      }

      @Override
      public void warn(String message) {
        log.debug(message);
      }

      @Override
      public void debug(String message) {
        log.debug(message);
      }
    };
  }

  /** Info and warnings to stdout, debug only when {@code veriregime.debug} is set. */
  static StageLog stdout() {
    boolean debug = Boolean.getBoolean("veriregime.debug");
    return new StageLog() {
      @Override
      public void info(String message) {
        System.out.println("[INFO] " + message);
      }

      @Override
      public void warn(String message) {
        System.out.println("[WARNING] " + message);
      }

      @Override
      public void debug(String message) {
        if (debug) {
          System.out.println("[DEBUG] " + message);
        }
      }
    };
  }

  /** Discards everything: for callers that only want a stage's files (benchmarks, tools). */
  static StageLog silent() {
    return new StageLog() {
      @Override
      public void info(String message) {}

      @Override
      public void warn(String message) {}

      @Override
      public void debug(String message) {}
    };
  }
}
