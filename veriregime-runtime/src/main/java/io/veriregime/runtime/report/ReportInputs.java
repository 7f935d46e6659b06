package io.veriregime.runtime.report;

import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.distill.DistillStage;
import io.veriregime.runtime.experiment.ProvingSystem;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.optimize.OptimizeStage;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Upstream;
import io.veriregime.runtime.train.TeacherStage;
import io.veriregime.runtime.zk.ZkCompileStage;
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
record ReportInputs(Map<String, Upstream> present, List<String> compared) {

  /** The stages the report reads, in pipeline order. */
  static final List<String> UPSTREAM = List.of(DataStage.NAME, TeacherStage.NAME, DistillStage.NAME,
      OptimizeStage.NAME, ZkCompileStage.NAME, ZkProveStage.NAME);

  /** @param provingSkipped why this build skipped proving on purpose: proofs of an earlier circuit are then left out */
  static ReportInputs collect(Layout layout, List<ProvingSystem> comparedBackends, String provingSkipped,
                              Fingerprint.Builder fingerprint, StageLog log) {
    Map<String, Upstream> present = new LinkedHashMap<>();
    for (String stage : UPSTREAM) {
      Path dir = directory(layout, stage);
      Optional<Upstream> upstream = present(dir, stage, log, provingSkipped);
      if (upstream.isPresent() && stage.equals(ZkProveStage.NAME) && provingSkipped != null
          && !upToDateProofs(upstream.get(), present.get(ZkCompileStage.NAME))) {
        log.info(ReportStage.NAME + ": the proofs in " + dir + " are of an earlier circuit, and proving was skipped ("
            + provingSkipped + "): the report leaves them out");
        upstream = Optional.empty();
      }
      // the checked manifest covers the stage's configuration, tools and every output's hash
      upstream.ifPresentOrElse(checked -> {
        present.put(stage, checked);
        fingerprint.input(stage, dir.resolve(StageWorkspace.MANIFEST));
      }, () -> fingerprint.inputHash(stage, "absent"));
    }
    // the circuit's figures and its proofs' figures side by side must be of one circuit
    if (present.containsKey(ZkCompileStage.NAME) && present.containsKey(ZkProveStage.NAME)) {
      ZkProveStage.requireProvedFrom(present.get(ZkProveStage.NAME), present.get(ZkCompileStage.NAME),
          layout.features("test"), ReportStage.NAME);
    }
    List<String> compared = new ArrayList<>();
    for (ProvingSystem system : comparedBackends) {
      String backend = system.yamlName();
      Optional<Upstream> compiled = present(layout.comparedCompileDir(backend), ZkCompileStage.NAME, log, provingSkipped);
      Optional<Upstream> proved = present(layout.comparedProveDir(backend), ZkProveStage.NAME, log, provingSkipped);
      // earlier proofs of a compared backend are left out, as the primary's are, when proving was skipped
      if (compiled.isPresent() && proved.isPresent()
          && (provingSkipped == null || upToDateProofs(proved.get(), compiled.get()))) {
        ZkProveStage.requireProvedFrom(proved.get(), compiled.get(), layout.features("test"), ReportStage.NAME);
        compared.add(backend);
        fingerprint.input("compared/" + backend + "/" + ZkCompileStage.NAME,
            compiled.get().dir().resolve(StageWorkspace.MANIFEST));
        fingerprint.input("compared/" + backend + "/" + ZkProveStage.NAME,
            proved.get().dir().resolve(StageWorkspace.MANIFEST));
      }
    }
    return new ReportInputs(present, compared);
  }

  private static Path directory(Layout layout, String stage) {
    return switch (stage) {
      case DataStage.NAME -> layout.dataDir();
      case TeacherStage.NAME -> layout.teacherDir();
      case DistillStage.NAME -> layout.distillDir();
      case OptimizeStage.NAME -> layout.optimizeDir();
      case ZkCompileStage.NAME -> layout.zkCompileDir();
      default -> layout.zkProveDir();
    };
  }

  /**
   * A stage's outputs, checked, or empty when it left no manifest (it did not run, was skipped or
   * was interrupted). Outputs that do not match their manifest still stop the build. Proofs a build
   * skipped on purpose are no surprise: their absence is said once, by the gates.
   */
  private static Optional<Upstream> present(Path dir, String stage, StageLog log, String provingSkipped) {
    if (!Files.isRegularFile(dir.resolve(StageWorkspace.MANIFEST))) {
      String message = ReportStage.NAME + ": " + stage + " has no complete output in " + dir
          + "; the report shows it as absent";
      if (provingSkipped != null && stage.equals(ZkProveStage.NAME)) {
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
