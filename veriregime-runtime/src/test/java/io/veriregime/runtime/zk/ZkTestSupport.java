package io.veriregime.runtime.zk;

import io.veriregime.runtime.testdata.TestData;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Upstream;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.layout.StageId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A small real project for the zk tests: one day of real BTCUSDT klines from the repository's test data,
 * 4-minute windows of the 8 default features (so the student is 32→8→3), turned into tensors by
 * the real fetch-data stage, plus tiny model directories in the places distill and
 * train-teacher write them.
 */
public final class ZkTestSupport {

  /** The development powers of tau (insecure: its secret is published; see test-data/README.md). */
  public static final Path DEV_PTAU = TestData.DEV_PTAU;
  public static final String DEV_PTAU_SHA256 = TestData.DEV_PTAU_SHA256;
  /** A {@code zk:} section's {@code groth16:} block that sets up from {@link #DEV_PTAU}. */
  public static final String DEV_GROTH16 = "groth16:\n  ptau: \"" + DEV_PTAU + "\"\n  ptauSha256: " + DEV_PTAU_SHA256 + "\n";

  private ZkTestSupport() {}

  /** Writes experiment.yaml in {@code dir} with the given {@code zk:} lines and loads it. */
  public static Experiment experiment(Path dir, String zkSection) {
    return experiment(dir, zkSection, Map.of());
  }

  /** @param overrides {@code -Dveriregime.*} settings, by key (e.g. {@code gates.skip}) */
  public static Experiment experiment(Path dir, String zkSection, Map<String, String> overrides) {
    Path file = dir.resolve("experiment.yaml");
    String yaml = "name: zk-test\nseed: 7\n" + TestData.oneDayOfData(4) + "zk:\n" + zkSection.stripIndent().lines().map(line -> "  " + line + "\n").reduce("", String::concat);
    write(file, yaml);
    return ExperimentLoader.load(file, overrides);
  }

  /** Runs the real fetch-data stage and writes the tiny student (and teacher) where zk-compile reads them. */
  public static void prepareInputs(StageContext ctx, double studentWeightScale) {
    new DataStage().run(ctx);
    Npy.FloatArray test = Npy.readFloat(ctx.layout().features("test"));
    Layout layout = ctx.layout();
    asStageOutput(layout.distillDir(), StageId.DISTILL.goal(),
        () -> SeededModels.student(layout.distilledStudent(), test, List.of(8), studentWeightScale, 11));
    asStageOutput(layout.teacherDir(), StageId.TRAIN_TEACHER.goal(),
        () -> SeededModels.teacher(layout.teacherModel(), test, List.of(4), List.of(3), 13));
  }

  /**
   * Writes a stage's directory as that stage would: cleared first, its manifest (with every output's
   * hash) last, so the stages downstream trust it exactly as they trust a trained model.
   */
  public static void asStageOutput(Path dir, String stage, Runnable writeOutputs) {
    StageWorkspace workspace = StageWorkspace.open(dir, stage, StageLog.silent(), true);
    workspace.begin();
    writeOutputs.run();
    workspace.complete(Fingerprint.builder().config("seeded", stage).build(), Map.of());
  }

  /**
   * A distill directory as the stage writes one, holding the model {@code name} with these weights and this
   * timing in its training records (metrics.json, curves.json), checked as the stages downstream check it:
   * for the tests of what a model's fingerprint takes from it.
   */
  public static Upstream distilledModel(Path stageDir, String name, String timing, String weights) {
    Path model = stageDir.resolve(name);
    asStageOutput(stageDir, StageId.DISTILL.goal(), () -> {
      write(model.resolve("model.json"), "{}");
      write(model.resolve("weights/fc0.weight.npy"), weights);
      write(model.resolve("test.logits.npy"), "logits");
      write(model.resolve("metrics.json"), timing);
      write(model.resolve("curves.json"), timing);
    });
    return Upstream.verify(stageDir, StageId.DISTILL, StageLog.silent());
  }

  /**
   * The context of a project's {@code target/veriregime}, with fetch-data run and the tiny student and
   * teacher in place ({@link #prepareInputs} at the usual weight scale): where a zk test starts.
   */
  public static StageContext preparedContext(Experiment experiment, Path project, RecordingLog log) {
    StageContext ctx = context(experiment, project.resolve("target/veriregime"), log);
    prepareInputs(ctx, 1.0);
    return ctx;
  }

  public static StageContext context(Experiment experiment, Path output, RecordingLog log) {
    return new StageContext(experiment, Layout.at(output), false, Proxies.NONE, false, log);
  }

  public static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
