package io.veriregime.runtime.bench;

import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.model.TrainingCurves;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.optimize.MixedPrecision;
import io.veriregime.runtime.optimize.OptimizeStage;
import io.veriregime.runtime.optimize.Selection;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.testdata.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The optimize goal's quantisation candidates on the example project: copies {@code data/},
 * {@code teacher/} and {@code distill/} of a finished example run ({@code -Dveriregime.outputs=}
 * its {@code target/veriregime}), then runs optimize once per candidate set and prints each
 * candidate's scores, circuit, fine-tuning time and hawq's traces and allocation:
 * {@code ./mvnw -q -P bench -pl veriregime-runtime test-compile exec:java
 * -Dexec.mainClass=io.veriregime.runtime.bench.QuantisationBenchmark -Dveriregime.outputs=…}
 */
public final class QuantisationBenchmark {

  /**
   * One optimize run per candidate set ({@code -Dveriregime.runs=[qat];[hawq]} to choose): the
   * distilled student is measured in every one, so the difference is the candidates' own time.
   */
  private static final List<String> RUNS = List.of(System.getProperty("veriregime.runs", "[ptq];[qat];[hawq]").split(";"));

  private QuantisationBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path outputs = Path.of(System.getProperty("veriregime.outputs", "../example-project/target/veriregime"));
    Path experiment = Path.of(System.getProperty("veriregime.experiment", "../example-project/experiment.yaml"));
    for (String candidates : RUNS) {
      Path root = Files.createTempDirectory("veriregime-quant-bench");
      try {
        for (String stage : List.of("data", "teacher", "distill")) TestFiles.copyTree(outputs.resolve(stage), root.resolve(stage));
        Layout layout = Layout.at(root).withOptimizedStudent(true);
        StageContext ctx = new StageContext(ExperimentLoader.load(experiment, Map.of("optimize.candidates", candidates)),
            layout, true, Proxies.NONE, false, new RecordingLog());
        long start = System.nanoTime();
        new OptimizeStage().run(ctx);
        double seconds = (System.nanoTime() - start) / 1e9;
        Selection selection = Selection.read(layout.optimizeSelection());
        System.out.printf("RUN optimize.candidates=%s: %.1f s for the stage%n", candidates, seconds);
        for (Selection.Candidate c : selection.candidates()) {
          TrainingCurves curves = JsonFiles.read(ModelFiles.curves(layout.optimizeDir().resolve(c.directory())),
              TrainingCurves.class);
          double fineTune = curves.epochs().stream().mapToDouble(TrainingCurves.Epoch::seconds).sum();
          System.out.printf("  %-9s %-28s val acc %.4f F1 %.4f (drop %+.4f) | test acc %.4f F1 %.4f (drop %+.4f)"
                  + " | rows %,d logrows %d param scale %d | fine-tune %.1f s%n", c.name(), c.activation(),
              c.validation().accuracy(), c.validation().macroF1(), c.validationDrop(), c.test().accuracy(),
              c.test().macroF1(), c.testDrop(), c.cost().rows(), c.cost().logrows(), c.cost().paramScale(), fineTune);
          MixedPrecision mixed = c.mixedPrecision();
          if (mixed != null) {
            System.out.printf("    Hessian: %d probes x %d samples, %.1f s; average %.3f bits (budget %.2f); "
                    + "post-training val acc %.4f F1 %.4f%n", mixed.probes(), mixed.samples(), mixed.hessianSeconds(),
                mixed.averageBits(), mixed.averageBitsBudget(), mixed.postTrainingValidation().accuracy(),
                mixed.postTrainingValidation().macroF1());
            for (MixedPrecision.LayerSensitivity layer : mixed.layers()) {
              System.out.printf("    %-4s %,7d weights  trace %.4g ± %.2g  Ω %s  → %d bits%n", layer.layer(),
                  layer.parameters(), layer.hessianTrace(), layer.hessianTraceStandardError(),
                  layer.omega().stream().map(o -> String.format("%d:%.3g", o.bits(), o.omega())).toList(),
                  layer.bits());
            }
            System.out.println("    circuit: " + (mixed.circuit() == null ? "not compiled" : mixed.circuit().statement()));
          }
        }
      } finally {
        try (Stream<Path> files = Files.walk(root)) {
          files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
    }
  }

}
