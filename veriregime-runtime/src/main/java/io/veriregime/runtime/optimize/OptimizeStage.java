package io.veriregime.runtime.optimize;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.experiment.OptimizeCandidate;
import io.veriregime.runtime.experiment.OptimizeConfig;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.model.ModelMetrics;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Upstream;
import io.veriregime.runtime.train.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code optimize}: fine-tunes cheaper-to-prove variants of the distilled student (other
 * activations) with the same seeded budget and the loss distill chose, measures each one's accuracy
 * and the circuit the proving backend compiles for that exact model, and chooses the student
 * zk-compile proves: the cheapest whose validation score stays within {@code optimize.maxDrop} of the
 * distilled student's. Writes {@code optimize/candidates/<name>/} (model directory, ONNX export and
 * circuit), {@code optimize/selection.json} ({@link Selection}) and the chosen model again as
 * {@code optimize/student/} (see {@code Layout.studentSource()}).
 *
 * <p>The stage is the prologue, the loop and the choice: each candidate is built by its
 * {@link CandidateFamily} ({@link CandidateFamilies}) from a {@link CandidateContext}, and measured by
 * the {@link CandidateMeasurer}, the distilled student first.
 */
public final class OptimizeStage implements Stage {

  static final String NAME = StageId.OPTIMIZE.goal();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Isolation isolation() {
    return Isolation.CHILD_JVM;
  }

  /**
   * The seed, the {@code optimize:} section, the {@code student:} section (the fine-tuning budget
   * reuses its batch size, weight decay, clipping and dropout) and what of {@code zk:} decides a
   * circuit (each candidate's cost is measured with it).
   */
  @Override
  public Object configuration(ExperimentConfig config) {
    return Map.of("seed", config.seed(), "student", config.student(), "optimize", config.optimize(),
        "circuit", ProvingBackends.circuitConfiguration(config.zk(), config.zk().primaryBackend()));
  }

  @Override
  public StageResult run(StageContext ctx) {
    Experiment experiment = ctx.experiment();
    Layout layout = ctx.layout();
    StageWorkspace workspace = ctx.workspace(NAME, layout.optimizeDir());
    if (experiment.config().optimize().skip()) {
      // nothing is read: zk-compile takes the distilled student from distill (Layout.studentSource)
      Fingerprint fingerprint = Fingerprint.builder().config("optimize.skip", true).build();
      Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
      if (reused.isPresent()) {
        return reused.get();
      }
      ctx.log().info(NAME + ": optimize.skip is set; zk-compile proves the distilled student");
      JsonFiles.write(layout.optimizeSelection(), Selection.ofSkipped());
      return workspace.complete(fingerprint, Map.of("skipped", true));
    }
    Fingerprint.Builder builder = TrainingData.trainingFingerprint(layout, NAME, ctx.log())
        .config("configuration", configuration(experiment.config()))
        .tool(experiment.config().zk().primaryBackend().yamlName(),
            ProvingBackends.pinnedVersion(experiment.config().zk().primaryBackend()));
    Upstream teacher = Upstream.verify(layout.teacherDir(), StageId.TRAIN_TEACHER, ctx.log());
    for (String split : List.of("train", "validation")) {
      builder.input("teacher/" + layout.teacherLogits(split).getFileName(), teacher, layout.teacherLogits(split));
    }
    Upstream distill = Upstream.verify(layout.distillDir(), StageId.DISTILL, ctx.log());
    builder.input("distill/summary.json", distill, layout.distillSummary());
    addDistilledStudent(builder, distill, layout.distilledStudent());
    Fingerprint fingerprint = builder.build();
    Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
    if (reused.isPresent()) {
      return reused.get();
    }
    Selection selection = optimize(ctx);
    JsonFiles.write(layout.optimizeSelection(), selection);
    Selection.Candidate chosen = selection.candidates().stream()
        .filter(c -> c.name().equals(selection.chosen())).findFirst().orElseThrow();
    copyModel(layout.optimizeDir().resolve(chosen.directory()), layout.optimizedStudent());
    ctx.log().info(NAME + ": chose " + chosen.name() + ": " + selection.reason());
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("chosen", chosen.name());
    metrics.put("chosenRows", chosen.cost().rows());
    metrics.put("distilledRows", selection.candidates().get(0).cost().rows());
    metrics.put("chosenValidationDrop", chosen.validationDrop());
    selection.candidates().stream().filter(c -> c.mixedPrecision() != null && c.mixedPrecision().circuit() != null)
        .forEach(c -> metrics.put(c.name() + "RowsChangeVsDistilled", c.mixedPrecision().circuit().rowsChange()));
    return workspace.complete(fingerprint, metrics);
  }

  /**
   * The distilled student's files that optimize's outputs depend on (model.json, weights, test
   * logits), by the hashes distill recorded; not its training records, whose wall times differ when
   * distill ran again to identical weights ({@link ModelFiles#isTrainingRecord}).
   */
  static void addDistilledStudent(Fingerprint.Builder builder, Upstream distill, Path student) {
    distill.outputsUnder(student).forEach((file, sha256) -> {
      if (!ModelFiles.isTrainingRecord(file)) {
        builder.inputHash("distill/distilled/" + file, sha256);
      }
    });
  }

  /**
   * The chosen model directory, copied byte for byte, so its ONNX export (and hash) is the one
   * measured for the candidate.
   */
  private static void copyModel(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        Path relative = from.relativize(file);
        if (!relative.startsWith("circuit")) {
          AtomicFiles.write(to.resolve(relative.toString()), Files.readAllBytes(file));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The distilled student measured as it is (the reference of every drop), then each candidate of
   * {@code optimize.candidates} built by its family and measured; the choice among them.
   */
  private static Selection optimize(StageContext ctx) {
    Experiment experiment = ctx.experiment();
    OptimizeConfig config = experiment.config().optimize();
    Layout layout = ctx.layout();
    CandidateContext context = CandidateContext.load(ctx);
    ProvingBackend backend = ProvingBackends.provision(experiment, ctx.offline(), ctx.proxies(),
        ctx.log().prefixed(NAME + ": "));
    ModelMetrics distilledMetrics = JsonFiles.read(ModelFiles.metrics(layout.distilledStudent()), ModelMetrics.class);
    CandidateMeasurer measurer = new CandidateMeasurer(layout, backend, Npy.readFloat(layout.features("validation")),
        distilledMetrics, config.metric(), ctx.log());
    Selection.Candidate reference = measurer.measure(Selection.DISTILLED, CandidateFamily.Built.of(
        StudentModels.describe(context.distilled()), layout.distilledStudent(), distilledMetrics, List.of()), null);
    if (!reference.measured()) {
      throw new VeriRegimeException(NAME + ": the distilled student itself could not be compiled: " + reference.failure()
          + ". Fix that first (see zk-compile's advice), or set optimize.skip: true.");
    }
    List<Selection.Candidate> candidates = new ArrayList<>(List.of(reference));
    for (OptimizeCandidate candidate : config.candidates()) {
      String name = candidate.yamlName();
      candidates.add(measurer.measure(name, CandidateFamilies.of(candidate).build(name, context), reference.cost()));
    }
    String select = config.select() == null ? null : config.select().yamlName();
    candidates.stream().filter(c -> c.name().equals(select) && !c.measured()).findFirst().ifPresent(c -> {
      throw experiment.error("optimize.select", "pins " + select + ", which could not be measured: " + c.failure(),
          "Pin another candidate or remove optimize.select.");
    });
    return Selection.choose(candidates, config.metric(), config.maxDrop(), select);
  }
}
