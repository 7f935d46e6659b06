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
  /** Whether the optimize goal chooses the student zk-compile proves (optimize.skip is false). */
  private final boolean optimizeChoosesStudent;

  private Layout(Path root, boolean optimizeChoosesStudent) {
    this.root = root;
    this.optimizeChoosesStudent = optimizeChoosesStudent;
  }

  /** The layout in which zk-compile proves the distilled student as distill wrote it. */
  public static Layout at(Path outputRoot) {
    return new Layout(outputRoot, false);
  }

  /**
   * The same layout, with the student to prove chosen by the optimize goal when
   * {@code optimizeChoosesStudent} (the experiment's optimize.skip is false).
   */
  public Layout withOptimizedStudent(boolean optimizeChoosesStudent) {
    return new Layout(root, optimizeChoosesStudent);
  }

  public Path root() {
    return root;
  }

  /** The output directory of a stage. */
  public Path dir(StageId stage) {
    return switch (stage) {
      case FETCH_DATA -> dataDir();
      case TRAIN_TEACHER -> teacherDir();
      case DISTILL -> distillDir();
      case OPTIMIZE -> optimizeDir();
      case ZK_COMPILE -> zkCompileDir();
      case ZK_PROVE -> zkProveDir();
      case REPORT -> reportDir();
      case BUNDLE -> bundleDir();
    };
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

  /** One candidate's model directory (with its ONNX export and circuit beside the model files). */
  public Path optimizeCandidate(String candidate) {
    return optimizeDir().resolve("candidates").resolve(candidate);
  }

  /** The candidate optimize chose, written again as a model directory of its own: what zk-compile proves. */
  public Path optimizedStudent() {
    return optimizeDir().resolve("student");
  }

  /** Every candidate, its scores and circuit cost, the choice and the reason. */
  public Path optimizeSelection() {
    return optimizeDir().resolve("selection.json");
  }

  // zk-compile, zk-prove

  /**
   * The stage that produced the student zk-compile proves ({@code stage}, the goal to run), the
   * directory whose manifest vouches for it, and its model directory.
   */
  public record StudentSource(StageId stage, Path stageDir, Path modelDir) {}

  /** Which student zk-compile exports and proves, and who produced it: the one place that decides. */
  public StudentSource studentSource() {
    return optimizeChoosesStudent
        ? new StudentSource(StageId.OPTIMIZE, optimizeDir(), optimizedStudent())
        : new StudentSource(StageId.DISTILL, distillDir(), distilledStudent());
  }

  /** The student zk-compile exports and proves. */
  public Path studentForProving() {
    return studentSource().modelDir();
  }

  public Path zkCompileDir() {
    return root.resolve("zk").resolve("compile");
  }

  /**
   * The teacher's circuit, written by zk-compile as a unit of its own (own manifest and
   * fingerprint: the teacher, the data and the circuit settings), so that a new student or
   * optimisation does not calibrate the teacher again.
   */
  public Path zkTeacherCircuitDir() {
    return root.resolve("zk").resolve("teacher");
  }

  public Path zkProveDir() {
    return root.resolve("zk").resolve("prove");
  }

  /**
   * zk-compile's circuit of the same student for a backend compared with the primary one
   * ({@code zk.backends}): a unit of its own, so that adding or dropping a compared backend leaves
   * the primary circuit, its proofs and the bundle as they are.
   */
  public Path comparedCompileDir(String backend) {
    return comparedDir(backend).resolve("compile");
  }

  /** zk-prove's proofs of {@link #comparedCompileDir}'s circuit. */
  public Path comparedProveDir(String backend) {
    return comparedDir(backend).resolve("prove");
  }

  private Path comparedDir(String backend) {
    return root.resolve("zk").resolve("compared").resolve(backend);
  }

  /** The proof of one zk-prove round, in the round's directory (relative to zk-prove's directory). */
  public Path proof(String roundDirectory) {
    return proof(zkProveDir(), roundDirectory);
  }

  /** The proof of one round of the zk-prove directory {@code proveDir} (the primary's or a compared backend's). */
  public static Path proof(Path proveDir, String roundDirectory) {
    return proveDir.resolve(roundDirectory).resolve("proof.json");
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

  /** What the bundle goal wrote: the zip and the files attached beside it, by classifier. */
  public Path bundleIndex() {
    return bundleDir().resolve("bundle.json");
  }
}
