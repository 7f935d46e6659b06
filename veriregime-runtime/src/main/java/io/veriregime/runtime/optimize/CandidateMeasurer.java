package io.veriregime.runtime.optimize;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.OptimizeMetric;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.model.ModelMetrics;
import io.veriregime.runtime.onnx.OnnxCheck;
import io.veriregime.runtime.onnx.OnnxCheckResult;
import io.veriregime.runtime.onnx.OnnxExporter;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.stage.StageLog;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures any candidate as a circuit would see it: exports its model directory to ONNX, checks the
 * export in ONNX Runtime against the model's own test logits, has the proving backend compile it
 * for its {@link CircuitCost}, and scores its drop against the distilled student. Writes only into
 * the candidate's {@code circuit/} directory.
 */
final class CandidateMeasurer {

  /** Test samples each candidate's ONNX export is checked on in ONNX Runtime against its DJL logits. */
  private static final int ONNX_CHECK_SAMPLES = 64;
  private static final String ONNX = "student.onnx";

  private final Layout layout;
  private final ProvingBackend backend;
  private final Npy.FloatArray calibration;
  private final ModelMetrics distilled;
  private final OptimizeMetric metric;
  private final StageLog log;

  /**
   * @param calibration the windows the backend calibrates each circuit on (the validation features)
   * @param distilled the distilled student's metrics: the reference of every drop
   */
  CandidateMeasurer(Layout layout, ProvingBackend backend, Npy.FloatArray calibration, ModelMetrics distilled,
                    OptimizeMetric metric, StageLog log) {
    this.layout = layout;
    this.backend = backend;
    this.calibration = calibration;
    this.distilled = distilled;
    this.metric = metric;
    this.log = log;
  }

  /**
   * The candidate {@code built} as measured; one that failed to build, or that the backend cannot
   * compile, is recorded with why and cannot be chosen. A mixed-precision candidate's evidence gets
   * its circuit's effect against {@code reference}, the distilled student's circuit.
   */
  Selection.Candidate measure(String name, CandidateFamily.Built built, CircuitCost reference) {
    if (built.failure() != null) {
      return failed(name, built, built.failure());
    }
    Path circuitDir = layout.optimizeCandidate(name).resolve("circuit");
    Path onnx = circuitDir.resolve(ONNX);
    OnnxExporter.export(built.modelDir(), onnx);
    OnnxCheckResult check = OnnxCheck.check(onnx, built.modelDir(), layout.features("test"), ONNX_CHECK_SAMPLES,
        OnnxCheck.DEFAULT_TOLERANCE);
    CircuitCost cost;
    try {
      cost = backend.compile(name, built.modelDir(), onnx, calibration, circuitDir, "student").cost();
    } catch (VeriRegimeException e) {
      log.warn(OptimizeStage.NAME + ": " + name + ": the proving backend could not compile it; it cannot be chosen: "
          + e.getMessage());
      return failed(name, built, "the proving backend could not compile it: " + e.getMessage());
    }
    Selection.Scores validation = Selection.Scores.of(built.metrics().validation());
    Selection.Scores test = Selection.Scores.of(built.metrics().test());
    double validationDrop = Selection.Scores.of(distilled.validation()).on(metric) - validation.on(metric);
    double testDrop = Selection.Scores.of(distilled.test()).on(metric) - test.on(metric);
    log.info(String.format(Locale.ROOT, "%s: %-9s %-22s validation accuracy %.4f macro-F1 %.4f (drop %+.4f);"
            + " test accuracy %.4f macro-F1 %.4f; circuit %,d %s, logrows %d", OptimizeStage.NAME, name,
        built.activation(), validation.accuracy(), validation.macroF1(), validationDrop, test.accuracy(), test.macroF1(),
        cost.rows(), cost.rowsAre(), cost.logrows()));
    return Selection.Candidate.builder(name, built.activation(), relative(built.modelDir()))
        .scores(validation, test, validationDrop, testDrop)
        .onnx(relative(onnx), Hashing.sha256(onnx), check.maxAbsDifference())
        .cost(cost)
        .fits(built.fits())
        .mixedPrecision(withCircuitEffect(name, built.mixedPrecision(), cost, reference))
        .build();
  }

  private MixedPrecision withCircuitEffect(String name, MixedPrecision evidence, CircuitCost cost,
                                           CircuitCost reference) {
    if (evidence == null) {
      return null;
    }
    MixedPrecision.CircuitEffect circuit = MixedPrecision.CircuitEffect.of(cost, reference);
    log.info(OptimizeStage.NAME + ": " + name + ": " + circuit.statement());
    return evidence.withCircuit(circuit);
  }

  private Selection.Candidate failed(String name, CandidateFamily.Built built, String failure) {
    return Selection.Candidate.builder(name, built.activation(), relative(layout.optimizeCandidate(name)))
        .mixedPrecision(built.mixedPrecision()).failure(failure).build();
  }

  /** Paths in selection.json are relative to optimize/ (the distilled student's leads back into distill/). */
  private String relative(Path path) {
    return layout.optimizeDir().relativize(path).toString().replace('\\', '/');
  }
}
