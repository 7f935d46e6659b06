package io.veriregime.runtime.report;

import io.veriregime.runtime.experiment.ProvingSystem;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Upstream;
import io.veriregime.runtime.zk.ZkProveStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the report reads: every earlier stage's outputs checked against its manifest (a stage without one is
 * absent), the compared backends' units, each taken into the report's fingerprint.
 *
 * @param present the checked stages by name, in pipeline order
 * @param compared the compared backends (zk.backends) whose compile and prove units are present and checked
 */
record ReportInputs(Map<StageId, Upstream> present, List<String> compared) {

  /** @param provingSkipped why this build skipped proving on purpose: proofs of an earlier circuit are then left out */
  static ReportInputs collect(Layout layout, List<ProvingSystem> comparedBackends, String provingSkipped,
                              Fingerprint.Builder fingerprint, StageLog log) {
    Map<StageId, Upstream> present = new LinkedHashMap<>();
    for (StageId stage : StageId.REPORT.reads()) {
      Path dir = layout.dir(stage);
      Optional<Upstream> upstream = present(dir, stage, log, provingSkipped);
      if (upstream.isPresent() && stage.equals(StageId.ZK_PROVE) && provingSkipped != null
          && !upToDateProofs(upstream.get(), present.get(StageId.ZK_COMPILE))) {
        log.info(ReportStage.NAME + ": the proofs in " + dir + " are of an earlier circuit, and proving was skipped ("
            + provingSkipped + "): the report leaves them out");
        upstream = Optional.empty();
      }
      // the checked manifest covers the stage's configuration, tools and every output's hash
      upstream.ifPresentOrElse(checked -> {
        present.put(stage, checked);
        fingerprint.input(stage.goal(), dir.resolve(StageWorkspace.MANIFEST));
      }, () -> fingerprint.inputHash(stage.goal(), "absent"));
    }
    // the circuit's figures and its proofs' figures side by side must be of one circuit
    if (present.containsKey(StageId.ZK_COMPILE) && present.containsKey(StageId.ZK_PROVE)) {
      ZkProveStage.requireProvedFrom(present.get(StageId.ZK_PROVE), present.get(StageId.ZK_COMPILE),
          layout.features("test"), ReportStage.NAME);
    }
    List<String> compared = new ArrayList<>();
    for (ProvingSystem system : comparedBackends) {
      String backend = system.yamlName();
      Optional<Upstream> compiled = present(layout.comparedCompileDir(backend), StageId.ZK_COMPILE, log, provingSkipped);
      Optional<Upstream> proved = present(layout.comparedProveDir(backend), StageId.ZK_PROVE, log, provingSkipped);
      // earlier proofs of a compared backend are left out, as the primary's are, when proving was skipped
      if (compiled.isPresent() && proved.isPresent()
          && (provingSkipped == null || upToDateProofs(proved.get(), compiled.get()))) {
        ZkProveStage.requireProvedFrom(proved.get(), compiled.get(), layout.features("test"), ReportStage.NAME);
        compared.add(backend);
        fingerprint.input("compared/" + backend + "/" + StageId.ZK_COMPILE,
            compiled.get().dir().resolve(StageWorkspace.MANIFEST));
        fingerprint.input("compared/" + backend + "/" + StageId.ZK_PROVE,
            proved.get().dir().resolve(StageWorkspace.MANIFEST));
      }
    }
    return new ReportInputs(present, compared);
  }

  /**
   * A stage's outputs, checked, or empty when it left no manifest (it did not run, was skipped or
   * was interrupted). Outputs that do not match their manifest still stop the build. Proofs a build
   * skipped on purpose are no surprise: their absence is said once, by the gates.
   */
  private static Optional<Upstream> present(Path dir, StageId stage, StageLog log, String provingSkipped) {
    if (!Files.isRegularFile(dir.resolve(StageWorkspace.MANIFEST))) {
      String message = ReportStage.NAME + ": " + stage + " has no complete output in " + dir
          + "; the report shows it as absent";
      if (provingSkipped != null && stage.equals(StageId.ZK_PROVE)) {
        log.info(message);
      } else {
        log.warn(message);
      }
      return Optional.empty();
    }
    return Optional.of(Upstream.verify(dir, stage, log));
  }

  /** Proofs of the circuit zk-compile holds now (without a circuit there is nothing they could be stale against). */
  private static boolean upToDateProofs(Upstream proved, Upstream compiled) {
    return compiled == null || ZkProveStage.provedFrom(proved, compiled);
  }
}
