package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.experiment.WaitPolicy;
import io.veriregime.runtime.stage.StageLog;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The environment that tells a training child's OpenMP threads (libtorch's intra-op pool) to sleep
 * rather than spin when idle. OpenMP reads it once, as libtorch loads, so the choice is made here,
 * before the child starts. Spinning is ~14 % faster alone; beside one other busy process it is 1.8×
 * slower (BENCHMARKS.md, "Training beside other work").
 */
final class OpenMpWaiting {

  static final String VARIABLE = "OMP_WAIT_POLICY";
  /** Busy cores (of other processes) from which {@code auto} sleeps: half a core is a real competitor, not noise. */
  static final double BUSY_CORES = 0.5;
  private static final long SAMPLE_MILLIS = 300;

  private OpenMpWaiting() {}

  /**
   * The variables to add to the child's environment: none when the user's own environment sets the
   * policy (theirs wins) or the policy is to spin.
   *
   * @param busyCores how many cores other processes keep busy now (asked only under {@code auto})
   */
  static Map<String, String> environment(WaitPolicy policy, int sharingBuilds, Map<String, String> inherited,
      DoubleSupplier busyCores, StageLog log) {
    if (inherited.containsKey(VARIABLE)) {
      log.debug(VARIABLE + "=" + inherited.get(VARIABLE) + " from the environment is kept");
      return Map.of();
    }
    boolean sleep = switch (policy) {
      case SPIN -> false;
      case PASSIVE -> true;
      case AUTO -> sharingBuilds > 1 || busy(busyCores.getAsDouble(), log);
    };
    return sleep ? Map.of(VARIABLE, "PASSIVE") : Map.of();
  }

  private static boolean busy(double cores, StageLog log) {
    if (cores < BUSY_CORES) {
      return false;
    }
    log.info(String.format(java.util.Locale.ROOT, "other processes keep %.1f cores busy: libtorch's threads sleep"
        + " when idle instead of spinning (compute.waitPolicy: auto; set spin or passive to choose)", cores));
    return true;
  }

  /**
   * Cores other processes keep busy over a short sample, as the JVM sees the machine (container limits
   * included), less this JVM's own share (Maven's threads, the JIT, its collector); 0 where the platform
   * does not say.
   */
  static double busyCoresNow() {
    if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)) {
      return 0;
    }
    // the first readings only start the interval
    os.getCpuLoad();
    os.getProcessCpuLoad();
    try {
      Thread.sleep(SAMPLE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    double machine = os.getCpuLoad();
    double own = Math.max(0, os.getProcessCpuLoad());
    return machine < 0 ? 0 : Math.max(0, machine - own) * Runtime.getRuntime().availableProcessors();
  }
}
