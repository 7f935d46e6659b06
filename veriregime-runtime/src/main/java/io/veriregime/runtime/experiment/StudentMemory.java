package io.veriregime.runtime.experiment;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What training a student of {@code student.hidden}'s widths needs in native memory (libtorch's,
 * outside the JVM's heap), checked at load against this machine's memory: a width that cannot fit
 * is a configuration mistake, better named at its YAML line than as DJL's failed 384 GB allocation.
 */
final class StudentMemory {

  /** The widest hidden layer accepted at all (2^16). */
  static final int MAX_WIDTH = 1 << 16;
  /** float32 weights, their gradients and AdamW's two moments. */
  private static final long BYTES_PER_WEIGHT = 4 * 4;
  /** A layer's outputs and their gradients per sample of a batch, float32 (dropout masks and the like fit in the margin). */
  private static final long BYTES_PER_ACTIVATION = 4 * 4;
  /** Of the machine's memory, what a student may take: the build, EZKL and the OS need the rest. */
  private static final double SHARE = 0.5;
  private static final int CLASSES = 3;

  private StudentMemory() {}

  static void require(ConfigChecks checks, int inputs, StudentConfig student) {
    long needed = bytes(inputs, student);
    long machine = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    checks.require(needed <= SHARE * machine, "student.hidden", String.format(Locale.ROOT, "%s needs about %.1f GB"
        + " to train (weights, gradients and AdamW's state of a %d-input MLP, and a batch of %d), more than half of"
        + " this machine's %.1f GB", student.hidden(), needed / 1e9, inputs, student.batchSize(), machine / 1e9),
        "Use narrower layers (the default is [128]) or a smaller student.batchSize.");
  }

  static long bytes(int inputs, StudentConfig student) {
    long weights = 0;
    long activations = 0;
    long previous = inputs;
    for (int width : student.hidden()) {
      weights += (previous + 1) * width;
      activations += width;
      previous = width;
    }
    weights += (previous + 1) * CLASSES;
    return weights * BYTES_PER_WEIGHT + activations * student.batchSize() * BYTES_PER_ACTIVATION;
  }
}
