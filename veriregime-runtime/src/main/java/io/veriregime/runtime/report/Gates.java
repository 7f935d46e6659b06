package io.veriregime.runtime.report;

import io.veriregime.runtime.experiment.GatesConfig;
import io.veriregime.runtime.experiment.RetentionMetric;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.zk.ProvingReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code gates:} of the experiment, evaluated on the report's typed sections. A gate whose
 * value was not measured (its stage did not run) is missed: a build cannot pass a threshold on a
 * figure it never produced. The one exception is a build that skipped proving on purpose
 * ({@code -DskipTests}, Failsafe's convention): the gates that need proofs are then skipped, never
 * passed, and the bundle says it is unproven.
 */
final class Gates {

  private Gates() {}

  /**
   * @param provingSkipped why proving was skipped on purpose (the switch), or null; it skips the gates that
   *     need proofs only when there are no current proofs to measure
   */
  static List<GateResult> evaluate(GatesConfig gates, Report.Models models, Report.Zk zk, String provingSkipped) {
    List<GateResult> results = new ArrayList<>();
    ClassificationMetrics teacher = models == null ? null : models.teacher().metrics().test();
    String teacherFile = models == null ? "teacher/model/metrics.json" : models.teacher().directory() + "/metrics.json";
    double teacherSeconds = models == null ? 0 : trainingSeconds(models.teacher());
    results.add(atLeast("minTeacherMacroF1OverBaseline", gates.minTeacherMacroF1OverBaseline(),
        teacher == null ? null : teacher.macroF1() - teacher.majorityBaseline().macroF1(), "%+.4f",
        teacherFile + ": test.macroF1 - test.majorityBaseline.macroF1").timed(teacherSeconds));
    results.add(atLeast("minTeacherBalancedAccuracy", gates.minTeacherBalancedAccuracy(),
        teacher == null ? null : teacher.balancedAccuracy(), "%.4f", teacherFile + ": test.balancedAccuracy")
        .timed(teacherSeconds));
    RetentionMetric metric = gates.retentionMetric();
    String provedFile = models == null ? "the proved student's metrics.json" : models.proved().directory() + "/metrics.json";
    results.add(atLeast("minRetention", gates.minRetention(),
        models == null ? null : ratio(value(models.proved().metrics().test(), metric), value(teacher, metric)), "%.4f",
        provedFile + " over " + teacherFile + ": test." + metric.yamlName() + " (gates.retentionMetric)")
        .timed(models == null ? 0 : trainingSeconds(models.proved())));
    // the same metric as minRetention: on data dominated by HOLD, accuracy rewards the student that predicts HOLD
    results.add(atMost("maxOptimizeDrop", gates.maxOptimizeDrop(),
        models == null ? null : value(models.distilled().metrics().test(), metric) - value(models.proved().metrics().test(), metric),
        "%.4f", "test." + metric.yamlName() + " of " + (models == null ? "the distilled student" : models.distilled().directory())
            + " minus that of the proved student (gates.retentionMetric)")
        .timed(models == null ? 0 : trainingSeconds(models.proved())));

    ProvingReport.CircuitProofs proofs = zk == null || zk.proving() == null ? null : zk.proving().student();
    String provingFile = "zk/prove/proving.json";
    List<GateResult> proofGates = List.of(
        atMost("maxProveSeconds", gates.maxProveSeconds(), proofs == null ? null : proofs.prove().meanSeconds(),
            "%.3f s", provingFile + ": student.prove.meanSeconds"),
        atMost("maxProofBytes", gates.maxProofBytes().bytes(), proofs == null ? null : (double) proofs.proofBytes(),
            "%,.0f bytes", provingFile + ": student.proofBytes"),
        atMost("maxPeakMemory", gates.maxPeakMemory().bytes(),
            proofs == null ? null : (double) proofs.peakMemoryBytes(), "%,.0f bytes", provingFile + ": student.peakMemoryBytes"),
        required("requireVerified", gates.requireVerified(),
            zk == null || zk.proving() == null ? null : zk.proving().verified(), "verified", "not verified",
            provingFile + ": verified"));
    boolean skip = proofs == null && provingSkipped != null;
    // the proofs' own time: witness, proof and verification of every round
    double proofSeconds = proofs == null ? 0 : proofs.rounds().stream()
        .mapToDouble(round -> round.witnessSeconds() + round.proveSeconds() + round.verifySeconds()).sum();
    proofGates.forEach(gate -> results.add(skip ? GateResult.skipped(gate.name(), gate.threshold(), gate.where(),
        "proving was skipped: " + provingSkipped) : gate.timed(proofSeconds)));
    Boolean secure = zk == null || zk.compile().student().srs() == null ? null : zk.compile().student().srs().secure();
    var setup = zk == null ? null : zk.compile().student().setup();
    results.add(required("requireProductionSrs", gates.requireProductionSrs(), secure, "trusted SRS file",
        "development SRS (generated locally, insecure)", "zk/compile/compile.json: student.srs.secure (zk.ezkl.srs)")
        .timed(setup == null ? 0 : setup.seconds()));
    return results;
  }

  /** The wall seconds of a model's training epochs, validation included. */
  private static double trainingSeconds(Report.Model model) {
    return model.curves().epochs().stream().mapToDouble(epoch -> epoch.seconds()).sum();
  }

  /**
   * Fails the build with one message listing every missed gate, unless {@code skip}; then the misses
   * are only logged.
   */
  static void enforce(List<GateResult> results, boolean skip, Path report, StageLog log) {
    // each judged gate on a line of its own, as coverage gates print theirs: value against threshold
    results.stream().filter(GateResult::passed)
        .forEach(result -> log.info(ReportStage.NAME + ": gate passed: " + result.describe()));
    List<GateResult> skipped = results.stream().filter(result -> result.skipped() != null).toList();
    if (!skipped.isEmpty()) {
      log.warn(ReportStage.NAME + ": " + skipped.get(0).skipped() + ", so " + skipped.size() + " gates that need proofs"
          + " are skipped, not passed (" + String.join(", ", skipped.stream().map(GateResult::name).toList())
          + "), and the bundle is unproven: verify-proof refuses it and deploy needs -Dveriregime.deployUnproven=true.");
    }
    List<GateResult> missed = results.stream().filter(GateResult::missed).toList();
    if (missed.isEmpty()) {
      log.info(ReportStage.NAME + ": " + (skipped.isEmpty() ? "all " + results.size() + " gates passed"
          : (results.size() - skipped.size()) + " of " + results.size() + " gates passed, " + skipped.size() + " skipped")
          + " (" + report + ")");
      return;
    }
    StringBuilder message = new StringBuilder(missed.size() + " of " + results.size() + " gates missed (details in "
        + report + "):");
    missed.forEach(result -> message.append("\n  - ").append(result.describe()));
    if (skip) {
      log.warn(ReportStage.NAME + ": " + message + "\nNot failing the build: gates.skip is true.");
      return;
    }
    message.append("\nImprove the results, or change the threshold under gates: in the experiment file (or"
        + " -Dveriregime.gates.<name>=value); -Dveriregime.gates.skip=true reports the gates without failing.");
    throw new GatesMissedException(message.toString());
  }

  /** The retention metric's value in one split's scores. */
  static double value(ClassificationMetrics metrics, RetentionMetric metric) {
    return switch (metric) {
      case ACCURACY -> metrics.accuracy();
      case MACRO_F1 -> metrics.macroF1();
      case BALANCED_ACCURACY -> metrics.balancedAccuracy();
    };
  }

  private static double ratio(double student, double teacher) {
    return teacher == 0 ? 0 : student / teacher;
  }

  private static GateResult atLeast(String name, double threshold, Double measured, String format, String where) {
    return new GateResult(name, ">= " + format(format, threshold), measured == null ? null : format(format, measured),
        measured != null && measured >= threshold, where);
  }

  private static GateResult atMost(String name, double threshold, Double measured, String format, String where) {
    return new GateResult(name, "<= " + format(format, threshold), measured == null ? null : format(format, measured),
        measured != null && measured <= threshold, where);
  }

  /** A yes/no gate: passes when not required, or when required and measured true. */
  private static GateResult required(String name, boolean required, Boolean measured, String yes, String no,
                                     String where) {
    return new GateResult(name, required ? "required" : "not required", measured == null ? null : measured ? yes : no,
        !required || Boolean.TRUE.equals(measured), where);
  }

  private static String format(String format, double value) {
    return String.format(Locale.ROOT, format, value);
  }
}
