package io.veriregime.runtime.bench;

import io.veriregime.runtime.circuit.ConstraintReport;
import io.veriregime.runtime.circuit.FixedPointModel;
import io.veriregime.runtime.circuit.FixedPointOptions;
import io.veriregime.runtime.circuit.FloatStudent;
import io.veriregime.runtime.circuit.R1csFile;
import io.veriregime.runtime.circuit.StudentCircuit;
import io.veriregime.runtime.circuit.Witness;
import io.veriregime.runtime.circuit.WtnsFile;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.onnx.ReferenceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Compiles a trained student to R1CS and prints constraints per layer, compile and witness times,
 * and agreement with the float model on test windows; writes {@code circuit.r1cs} and the first
 * window's {@code witness.wtns} for a snarkjs check:
 * {@code ./mvnw -q -P bench -pl veriregime-runtime test-compile exec:java
 * -Dexec.mainClass=io.veriregime.runtime.bench.CircuitBenchmark
 * -Dexec.args="<model dir | seeded:<activation>:<hidden,…>> <data dir> <out dir> [float | bits | bits,bits,…]
 * [windows]"}
 * (calibrates on the validation windows, evaluates on the test windows).
 */
public final class CircuitBenchmark {

  private CircuitBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[1]);
    Path out = Files.createDirectories(Path.of(args[2]));
    Path modelDir = args[0].startsWith("seeded:") ? seeded(args[0], out, Npy.readFloat(data.resolve("test.features.npy")))
        : Path.of(args[0]);
    String weights = args.length > 3 ? args[3] : "float";
    int windows = args.length > 4 ? Integer.parseInt(args[4]) : 100;
    ModelDefinition model = ModelDefinition.read(modelDir);
    if (!weights.equals("float")) {
      model = FloatStudent.quantised(model, Arrays.stream(weights.split(",")).map(Integer::valueOf).toList());
    }
    Npy.FloatArray calibration = Npy.readFloat(data.resolve("validation.features.npy"));
    Npy.FloatArray test = Npy.readFloat(data.resolve("test.features.npy"));

    long start = System.nanoTime();
    StudentCircuit circuit = StudentCircuit.compile(model, modelDir, FixedPointOptions.DEFAULT, calibration);
    double compileSeconds = (System.nanoTime() - start) / 1e9;
    ConstraintReport report = circuit.report();
    System.out.printf("%s, weights %s: compiled in %.2f s (calibrated on %d windows)%n", modelDir, weights,
        compileSeconds, calibration.rows());
    for (ConstraintReport.LayerConstraints layer : report.layers()) {
      System.out.printf("  layer %d %-8s %,7d constraints, %d range bits per neuron%n", layer.layerIndex(),
          layer.type(), layer.constraints(), layer.rangeBits());
    }
    System.out.printf("  total %,d constraints (%,d linear), %,d wires, %d public inputs, %d public outputs%n",
        report.constraints(), report.linearConstraints(), report.wires(), report.publicInputs(), report.publicOutputs());
    FixedPointModel fixedPoint = circuit.fixedPoint();

    double maxDifference = 0;
    int agree = 0;
    int exact = 0;
    long witnessNanos = 0;
    float[] window = new float[test.rowSize()];
    int n = Math.min(windows, test.rows());
    for (int row = 0; row < n; row++) {
      System.arraycopy(test.data(), row * window.length, window, 0, window.length);
      long t = System.nanoTime();
      Witness witness = circuit.witness(window);
      witnessNanos += System.nanoTime() - t;
      if (Arrays.equals(witness.logits(), fixedPoint.infer(window).logits())) {
        exact++;
      }
      double[] reference = FloatStudent.logits(model, window);
      for (int c = 0; c < reference.length; c++) {
        maxDifference = Math.max(maxDifference, Math.abs(reference[c] - witness.floatLogits()[c]));
      }
      if (ClassificationMetrics.argmax(reference) == ClassificationMetrics.argmax(witness.floatLogits())) {
        agree++;
      }
      if (row == 0) {
        System.out.printf("  window 0 satisfies the R1CS: %s; logits %s vs float %s%n",
            circuit.r1cs().isSatisfiedBy(witness.wires()), Arrays.toString(witness.floatLogits()),
            Arrays.toString(reference));
        start = System.nanoTime();
        R1csFile.write(circuit.r1cs(), out.resolve("circuit.r1cs"));
        WtnsFile.write(witness, out.resolve("witness.wtns"));
        System.out.printf("  wrote circuit.r1cs (%,d bytes) and witness.wtns in %.2f s%n",
            Files.size(out.resolve("circuit.r1cs")), (System.nanoTime() - start) / 1e9);
      }
    }
    System.out.printf("  %d test windows: witness %.1f ms each; circuit = fixed-point reference exactly on %d; "
            + "max |circuit - float| %.3g; argmax agrees on %d%n", n, witnessNanos / 1e6 / n, exact, maxDifference,
        agree);
  }

  /** {@code seeded:<activation>:<hidden,…>}: a {@link ReferenceModel} student written into {@code out/model}. */
  static Path seeded(String spec, Path out, Npy.FloatArray test) {
    String[] parts = spec.split(":");
    int[] hidden = Arrays.stream(parts[2].split(",")).mapToInt(Integer::parseInt).toArray();
    return ReferenceModel.student(1, parts[1], hidden).writeModelDir(out.resolve("model"), test);
  }
}
