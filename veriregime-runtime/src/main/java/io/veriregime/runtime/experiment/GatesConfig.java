package io.veriregime.runtime.experiment;

/**
 * The {@code gates:} section: thresholds the build's results must clear, evaluated by the report
 * stage on every build (up to date or not); a missed gate fails the build at {@code verify}.
 * The defaults pass on the example project (README explains each).
 *
 * @param minTeacherMacroF1OverBaseline teacher test macro-F1 minus the majority baseline's
 * @param minRetention the proved student's test {@code retentionMetric} divided by the teacher's
 * @param maxOptimizeDrop distilled student's test {@code retentionMetric} minus the proved (optimised) student's
 * @param maxProveSeconds mean time of one student proof
 * @param maxProofBytes size of one student proof
 * @param maxPeakMemory peak memory of the student's prover processes
 * @param skip evaluate and report the gates, but never fail the build on them
 */
public record GatesConfig(
    double minTeacherMacroF1OverBaseline,
    double minTeacherBalancedAccuracy,
    double minRetention,
    RetentionMetric retentionMetric,
    double maxOptimizeDrop,
    double maxProveSeconds,
    ByteSize maxProofBytes,
    ByteSize maxPeakMemory,
    boolean requireVerified,
    boolean requireProductionSrs,
    boolean skip)
    implements ConfigSection {

  static final GatesConfig DEFAULTS = new GatesConfig(
      0.01,
      0.34,
      0.85,
      RetentionMetric.MACRO_F1,
      0.02,
      60,
      new ByteSize(64L << 10),
      new ByteSize(4L << 30),
      true,
      false,
      false);

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(minTeacherMacroF1OverBaseline >= -1 && minTeacherMacroF1OverBaseline <= 1,
        "minTeacherMacroF1OverBaseline", "must be between -1 and 1, got " + minTeacherMacroF1OverBaseline,
        "It is a difference of two macro-F1 scores; use e.g. 0.01.");
    checks.fraction(minTeacherBalancedAccuracy, "minTeacherBalancedAccuracy", true);
    checks.require(minRetention >= 0, "minRetention", "must not be negative, got " + minRetention,
        "It is a ratio student / teacher; use e.g. 0.85.");
    checks.fraction(maxOptimizeDrop, "maxOptimizeDrop", true);
    checks.require(maxProveSeconds > 0, "maxProveSeconds", "must be positive, got " + maxProveSeconds,
        "Use e.g. 60.");
  }
}
