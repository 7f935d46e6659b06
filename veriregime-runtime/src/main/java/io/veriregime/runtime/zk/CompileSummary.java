package io.veriregime.runtime.zk;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.veriregime.runtime.onnx.OnnxCheckResult;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.KeySetup;
import io.veriregime.runtime.proving.SetupMaterial;
import java.util.List;
import java.util.Map;

/**
 * {@code zk/compile/compile.json}: the circuits zk-compile built, written and read back (by
 * zk-prove, by the report) only as this record.
 *
 * @param teacher null when {@code zk.teacher} is off or the backend cannot compile the teacher
 * @param teacherNotCompiled why zk.teacher was on and the teacher has no circuit (the backend compiles
 *     students only); null otherwise
 * @param srsWarning said when the setup material is insecure; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CompileSummary(String backend, String backendVersion, Circuit student, Circuit teacher,
                             String teacherNotCompiled, String srsWarning) {

  /** The backend's version under its own name too ({@code "ezkl": "23.0.5"}), as every manifest records it. */
  @JsonAnyGetter
  Map<String, String> versionByBackend() {
    return Map.of(backend, backendVersion);
  }

  /**
   * One model's circuit.
   *
   * @param onnx the exported model, relative to the circuit's directory
   * @param srs null when the circuit was not set up (the teacher over budget)
   * @param setup null likewise
   * @param estimate the teacher's estimated proving cost; null for the student
   * @param skipped why the teacher was not set up; null when it was
   * @param logrowsTrials the sizes zk-compile set up and proved the student at, and the one kept (whose
   *     figures the rest of this record holds); null for the teacher, or when zk.ezkl.logrowsTrials is 0
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Circuit(String onnx, OnnxAgreement onnxCheck, int logrows, long rows, String rowsAre,
                        long totalAssignments, int inputScale, Integer paramScale, List<CircuitCost.LayerBits> layerBits,
                        SetupMaterial srs, Setup setup, TeacherEstimate estimate, String skipped,
                        LogrowsTrials logrowsTrials) {

    CircuitCost cost() {
      return new CircuitCost(logrows, rows, rowsAre, totalAssignments, inputScale, paramScale, layerBits);
    }

    static Circuit of(String onnx, OnnxAgreement onnxCheck, CircuitCost cost) {
      return new Circuit(onnx, onnxCheck, cost.logrows(), cost.rows(), cost.rowsAre(), cost.totalAssignments(),
          cost.inputScale(), cost.paramScale(), cost.layerBits(), null, null, null, null, null);
    }

    /** The circuit with the cost of the size it was kept at. */
    Circuit withCost(CircuitCost cost) {
      return new Circuit(onnx, onnxCheck, cost.logrows(), cost.rows(), cost.rowsAre(), cost.totalAssignments(),
          cost.inputScale(), cost.paramScale(), cost.layerBits(), srs, setup, estimate, skipped, logrowsTrials);
    }

    Circuit withSetup(SetupMaterial material, Setup figures) {
      return new Circuit(onnx, onnxCheck, logrows, rows, rowsAre, totalAssignments, inputScale, paramScale, layerBits,
          material, figures, estimate, skipped, logrowsTrials);
    }

    Circuit withEstimate(TeacherEstimate teacherEstimate, String reasonSkipped) {
      return new Circuit(onnx, onnxCheck, logrows, rows, rowsAre, totalAssignments, inputScale, paramScale, layerBits,
          srs, setup, teacherEstimate, reasonSkipped, logrowsTrials);
    }

    Circuit withLogrowsTrials(LogrowsTrials trials) {
      return new Circuit(onnx, onnxCheck, logrows, rows, rowsAre, totalAssignments, inputScale, paramScale, layerBits,
          srs, setup, estimate, skipped, trials);
    }
  }

  /** The keys' setup: its time and peak memory, and the keys' sizes. */
  public record Setup(double seconds, long peakMemoryBytes, long vkBytes, long pkBytes) {
    static Setup of(KeySetup keys) {
      return new Setup(keys.figures().seconds(), keys.figures().peakMemoryBytes(), keys.vkBytes(), keys.pkBytes());
    }
  }

  /** How closely the ONNX export, run in ONNX Runtime, reproduces the trained model's test logits. */
  public record OnnxAgreement(int onnxCheckSamples, double onnxMaxAbsDifference, double onnxAllowedDifference,
                              int onnxArgmaxAgreements) {
    static OnnxAgreement of(OnnxCheckResult check) {
      return new OnnxAgreement(check.samples(), check.maxAbsDifference(), check.allowedDifference(),
          check.argmaxAgreements());
    }
  }
}
