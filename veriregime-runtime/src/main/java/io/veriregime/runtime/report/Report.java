package io.veriregime.runtime.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.veriregime.runtime.data.DatasetSummary;
import io.veriregime.runtime.distill.DistillSummary;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.optimize.Selection;
import io.veriregime.runtime.model.ModelMetrics;
import io.veriregime.runtime.model.TrainingCurves;
import io.veriregime.runtime.zk.CompileSummary;
import io.veriregime.runtime.zk.ProvingReport;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/**
 * {@code report/report.json}, schema version {@value #SCHEMA_VERSION} (documented in DEVELOPERS.md):
 * everything the HTML report shows, as data. Sections of stages that did not run are null and
 * the stages are listed in {@code absent}; the gates are always there.
 *
 * @param absent the stages with no complete output (not run, or skipped), in pipeline order
 * @param data fetch-data's summary; null when absent
 * @param models teacher and students; null when train-teacher or distill is absent
 * @param distillation the grid and what it bought; null when distill is absent
 * @param zk the circuits and proofs; null when zk-compile is absent
 * @param optimization optimize's candidates, their circuit costs and the choice; null when optimize is absent
 * @param candidates every model with a proving cost, for the accuracy-vs-cost view
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Report(int schemaVersion, List<String> absent, DatasetSummary data, Models models,
                     DistillSummary distillation, Selection optimization, Zk zk, List<Candidate> candidates,
                     List<GateResult> gates, Provenance provenance) {

  /** Raised when a field is removed or changes meaning; adding a field keeps the version. */
  public static final int SCHEMA_VERSION = 1;

  static Report read(Path file) {
    return JsonFiles.read(file, Report.class);
  }

  /**
   * @param baseline the student trained on labels alone
   * @param distilled the student kept from the distillation grid
   * @param proved the student zk-compile exported and proved: the distilled one, or the one optimize chose
   *     ({@code Layout.studentSource})
   */
  public record Models(Model teacher, Model baseline, Model distilled, Model proved) {}

  /** A model directory's metrics and training curves; {@code directory} relative to the output root. */
  public record Model(String directory, ModelMetrics metrics, TrainingCurves curves) {}

  /**
   * The primary backend's circuits and proofs (the ones the gates judge), and the same student's
   * with every other backend of zk.backends.
   *
   * @param proving null when zk-prove is absent
   * @param speedUp null when the teacher was not compiled
   * @param compared empty unless zk.backends lists more than one backend
   */
  public record Zk(CompileSummary compile, ProvingReport proving, SpeedUp speedUp, List<ComparedBackend> compared) {}

  /** The proved student's circuit and proofs with a backend compared with the primary one. */
  public record ComparedBackend(CompileSummary compile, ProvingReport proving) {}

  /**
   * The teacher's proving time over the student's.
   *
   * @param ratioIs {@code measured} (the teacher was proved) or {@code estimated}
   * @param reason why the teacher was not proved; null when it was
   */
  public record SpeedUp(double teacherOverStudentProveTime, String ratioIs, double teacherProveSeconds,
                        double studentProveSeconds, String reason) {}

  /**
   * One point of the accuracy-vs-proving-cost view.
   *
   * @param metric the gates' retention metric on the test split (higher is better)
   * @param proveSeconds one proof (lower is better)
   * @param costIs {@code measured} or {@code estimated}
   * @param paretoOptimal no other candidate is at least as good on both and better on one
   */
  public record Candidate(String name, String metricName, double metric, double proveSeconds, String costIs,
                          boolean paretoOptimal) {}

  /**
   * Where the results came from.
   *
   * @param versions tool name to version (VeriRegime, DJL, libtorch, EZKL, ONNX Runtime)
   * @param stages per stage that ran, what its manifest recorded
   * @param srs the setup material's status; null when zk-compile is absent
   */
  public record Provenance(SortedMap<String, String> versions, SortedMap<String, StageProvenance> stages, Srs srs) {}

  /** A stage's configuration hash, input hashes and tool versions, from its manifest. */
  public record StageProvenance(String configHash, SortedMap<String, String> inputs, SortedMap<String, String> tools) {}

  /**
   * @param development true when the SRS was generated locally (insecure: its secret was not destroyed)
   * @param warning said on every build while {@code development}; null otherwise
   */
  public record Srs(String kind, String sha256, boolean development, String warning) {}
}
