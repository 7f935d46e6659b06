package io.veriregime.runtime.bench;

import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.distill.DistillStage;
import io.veriregime.runtime.distill.DistillSummary;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.model.ModelMetrics;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.train.TeacherStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The seeded comparison behind the training defaults (issue 14): label design × teacher class
 * weighting × teacher selection metric, on each month in {@code ../shared/data}. The defaults are
 * chosen by <em>validation</em> macro-F1 (balanced accuracy breaks ties), averaged over the months;
 * test figures, and the majority and stratified-random baselines, are printed only beside the
 * choice. The chosen configuration is then distilled on every month, so the distilled student's
 * retention of the teacher's macro-F1 is shown beside the label-only student's.
 *
 * <pre>
 * ./mvnw -q -P bench -pl veriregime-runtime test-compile exec:java \
 *   -Dexec.mainClass=io.veriregime.runtime.bench.TrainingDefaultsStudy [-Dbench.teacherEpochs=50] [-Dbench.seed=42]
 * </pre>
 */
public final class TrainingDefaultsStudy {

  private static final List<String> MONTHS = List.of("2023-03", "2024-01", "2024-02");

  /** One point of the grid: what it sets in experiment.yaml. */
  private record Design(String labels, String classWeights, String selectBy) {
    String yaml(Path csv, int seed, int teacherEpochs) {
      return String.format(Locale.ROOT, """
          name: training-defaults-study
          seed: %d
          data:
            source: csv
            files: ["%s"]
            labels: %s
          teacher:
            epochs: %d
            classWeights: %s
            selectBy: %s
          student:
            classWeights: %s
            selectBy: %s
          """, seed, csv, labels, teacherEpochs, classWeights, selectBy, classWeights, selectBy);
    }

    @Override
    public String toString() {
      return labels + " / " + classWeights + " / " + selectBy;
    }
  }

  private record Run(String month, Design design, ModelMetrics teacher, double stratifiedMacroF1) {}

  private TrainingDefaultsStudy() {}

  public static void main(String[] args) throws IOException {
    int teacherEpochs = Integer.getInteger("bench.teacherEpochs", 50);
    int seed = Integer.getInteger("bench.seed", 42);
    Path sharedData = Path.of(System.getProperty("veriregime.sharedData", "../shared/data")).toAbsolutePath().normalize();
    Path work = Files.createTempDirectory("training-defaults-study");
    System.out.println("TrainingDefaultsStudy: outputs under " + work + ", load average "
        + java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    List<Design> designs = new ArrayList<>();
    for (String labels : List.of("fixed", "train-quantile")) {
      for (String weights : List.of("none", "balanced")) {
        for (String selectBy : List.of("loss", "macro-f1")) {
          designs.add(new Design(labels, weights, selectBy));
        }
      }
    }

    List<Run> runs = new ArrayList<>();
    for (String month : MONTHS) {
      for (Design design : designs) {
        long started = System.nanoTime();
        StageContext ctx = context(work.resolve(month + "-" + designs.indexOf(design)), sharedData, month, design,
            teacherEpochs, seed);
        new DataStage().run(ctx);
        new TeacherStage().run(ctx);
        ModelMetrics teacher = JsonFiles.read(ModelFiles.metrics(ctx.layout().teacherModel()), ModelMetrics.class);
        Run run = new Run(month, design, teacher, stratifiedRandomMacroF1(ctx.layout()));
        runs.add(run);
        System.out.printf(Locale.ROOT, "%s  %-36s validation macro-F1 %.4f, balanced accuracy %.4f (%.0f s)%n", month, design,
            teacher.validation().macroF1(), teacher.validation().balancedAccuracy(), (System.nanoTime() - started) / 1e9);
      }
    }

    System.out.println();
    System.out.println("| labels / class weights / selection | " + String.join(" | ", MONTHS.stream()
        .map(m -> m + " val macro-F1 | " + m + " val bal. acc.").toList()) + " | mean val macro-F1 | mean val bal. acc. |");
    System.out.println("|---|" + "---|---|".repeat(MONTHS.size()) + "---|---|");
    Map<Design, List<Run>> byDesign = runs.stream().collect(Collectors.groupingBy(Run::design));
    for (Design design : designs) {
      List<Run> of = byDesign.get(design);
      StringBuilder row = new StringBuilder("| " + design + " |");
      for (Run run : of) {
        row.append(String.format(Locale.ROOT, " %.4f | %.4f |", run.teacher().validation().macroF1(),
            run.teacher().validation().balancedAccuracy()));
      }
      row.append(String.format(Locale.ROOT, " %.4f | %.4f |", meanValidationMacroF1(of), meanValidationBalancedAccuracy(of)));
      System.out.println(row);
    }
    Design chosen = designs.stream()
        .max(Comparator.comparingDouble((Design d) -> meanValidationMacroF1(byDesign.get(d)))
            .thenComparingDouble(d -> meanValidationBalancedAccuracy(byDesign.get(d))))
        .orElseThrow();
    System.out.println();
    System.out.println("Chosen by mean validation macro-F1: " + chosen + ". Its test figures, and the distilled students:");
    System.out.println();
    System.out.println("| month | teacher test macro-F1 | teacher test bal. acc. | majority macro-F1 / bal. acc. | stratified-random"
        + " macro-F1 / bal. acc. | label-only student macro-F1 retention | distilled student macro-F1 retention |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Run run : byDesign.get(chosen)) {
      StageContext ctx = context(work.resolve(run.month() + "-" + designs.indexOf(chosen)), sharedData, run.month(), chosen,
          teacherEpochs, seed);
      new DistillStage().run(ctx);
      DistillSummary distill = JsonFiles.read(ctx.layout().distillSummary(), DistillSummary.class);
      ClassificationMetrics test = run.teacher().test();
      System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f / %.4f | %.4f / %.4f | %.3f | %.3f |%n", run.month(),
          test.macroF1(), test.balancedAccuracy(), test.majorityBaseline().macroF1(),
          test.majorityBaseline().balancedAccuracy(), run.stratifiedMacroF1(), 1.0 / 3,
          distill.retention().baseline().macroF1(), distill.retention().distilled().macroF1());
    }
  }

  private static StageContext context(Path project, Path sharedData, String month, Design design, int teacherEpochs,
                                      int seed) throws IOException {
    Files.createDirectories(project);
    Path yaml = project.resolve("experiment.yaml");
    Path csv = sharedData.resolve("binance-spot-klines-1m/BTCUSDT-1m-" + month + ".csv.gz");
    Files.writeString(yaml, design.yaml(csv, seed, teacherEpochs));
    return new StageContext(ExperimentLoader.load(yaml, Map.of()), Layout.at(project.resolve("target/veriregime")), true,
        Proxies.NONE, false, StageLog.stdout());
  }

  /**
   * The expected test macro-F1 of guessing each class at its training frequency p: with test
   * frequencies q, class k's precision is q_k and its recall p_k (balanced accuracy is 1/3).
   */
  private static double stratifiedRandomMacroF1(Layout layout) {
    double[] p = frequencies(Npy.readInt(layout.labels("train")).data());
    double[] q = frequencies(Npy.readInt(layout.labels("test")).data());
    double sum = 0;
    for (int k = 0; k < p.length; k++) {
      sum += p[k] + q[k] == 0 ? 0 : 2 * p[k] * q[k] / (p[k] + q[k]);
    }
    return sum / p.length;
  }

  private static double[] frequencies(int[] labels) {
    double[] f = new double[3];
    for (int label : labels) f[label]++;
    for (int k = 0; k < f.length; k++) f[k] /= labels.length;
    return f;
  }

  private static double meanValidationMacroF1(List<Run> runs) {
    return runs.stream().mapToDouble(r -> r.teacher().validation().macroF1()).average().orElseThrow();
  }

  private static double meanValidationBalancedAccuracy(List<Run> runs) {
    return runs.stream().mapToDouble(r -> r.teacher().validation().balancedAccuracy()).average().orElseThrow();
  }
}
