package io.veriregime.runtime.layout;

import java.nio.file.Path;
import java.util.List;

/**
 * Where every stage's outputs live under the output root ({@code target/veriregime} by default).
 * It is the only place that knows these paths: a stage asks it for its own directory and for the
 * files of the stages before it, so moving an output (or handing zk-compile another student)
 * changes one method here. The on-disk contract is described in DEVELOPERS.md.
 */
public final class Layout {

  /** The splits fetch-data writes, in chronological order. */
  public static final List<String> SPLITS = List.of("train", "validation", "test");

  private final Path root;

  private Layout(Path root) {
    this.root = root;
  }

  public static Layout at(Path outputRoot) {
    return new Layout(outputRoot);
  }

  public Path root() {
    return root;
  }

  // fetch-data

  public Path dataDir() {
    return root.resolve("data");
  }

  /** float32 {@code (N, window, features)}. */
  public Path features(String split) {
    return dataDir().resolve(split + ".features.npy");
  }

  /** int32 {@code (N)}: 0 = SELL, 1 = HOLD, 2 = BUY. */
  public Path labels(String split) {
    return dataDir().resolve(split + ".labels.npy");
  }

  public Path datasetSummary() {
    return dataDir().resolve("dataset.json");
  }

  // train-teacher

  public Path teacherDir() {
    return root.resolve("teacher");
  }

  /** The teacher's model directory. */
  public Path teacherModel() {
    return teacherDir().resolve("model");
  }

  /** The teacher's logits on one split, computed once by train-teacher and reused by distill. */
  public Path teacherLogits(String split) {
    return teacherModel().resolve(split + ".logits.npy");
  }

  // distill

  public Path distillDir() {
    return root.resolve("distill");
  }

  /** The student trained on labels alone. */
  public Path baselineStudent() {
    return distillDir().resolve("baseline");
  }

  /** The best distilled student of the temperature × alpha grid. */
  public Path distilledStudent() {
    return distillDir().resolve("distilled");
  }

  public Path distillSummary() {
    return distillDir().resolve("summary.json");
  }

  // optimize

  public Path optimizeDir() {
    return root.resolve("optimize");
  }

  // zk-compile, zk-prove

  /** The student zk-compile exports and proves. */
  public Path studentForProving() {
    return distilledStudent();
  }

  public Path zkCompileDir() {
    return root.resolve("zk").resolve("compile");
  }

  public Path zkProveDir() {
    return root.resolve("zk").resolve("prove");
  }

  // report, bundle

  public Path reportDir() {
    return root.resolve("report");
  }

  /** The report's data, schema in DEVELOPERS.md. */
  public Path reportJson() {
    return reportDir().resolve("report.json");
  }

  public Path reportHtml() {
    return reportDir().resolve("report.html");
  }

  /** A Markdown table for CI job summaries. */
  public Path reportSummary() {
    return reportDir().resolve("summary.md");
  }

  /** The gates as JUnit XML; named TEST-*.xml so CI test-report collectors find it. */
  public Path gatesJUnit() {
    return reportDir().resolve("TEST-veriregime-gates.xml");
  }

  public Path bundleDir() {
    return root.resolve("bundle");
  }
}
