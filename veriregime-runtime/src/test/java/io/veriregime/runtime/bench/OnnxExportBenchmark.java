package io.veriregime.runtime.bench;

import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.onnx.OnnxCheck;
import io.veriregime.runtime.onnx.OnnxCheckResult;
import io.veriregime.runtime.onnx.OnnxExport;
import io.veriregime.runtime.onnx.OnnxExporter;
import io.veriregime.runtime.onnx.ReferenceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Prints export time, file size and ONNX Runtime check throughput for the design's student
 * (480→128→64→32→3, x²) and teacher (conv 8→64 k5, 64→128 k3, batch norm, pool, linear), with
 * seeded random weights:
 * {@code ./mvnw -q -P bench -pl veriregime-runtime test-compile exec:java
 * -Dexec.mainClass=io.veriregime.runtime.bench.OnnxExportBenchmark}
 */
public final class OnnxExportBenchmark {

  private static final int SAMPLES = 1000;
  private static final int ROUNDS = 5;

  private OnnxExportBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("veriregime-onnx-bench");
    try {
      Path features = dir.resolve("test.features.npy");
      Npy.FloatArray values = ReferenceModel.writeFeatures(features, SAMPLES, 1);
      System.out.printf("ONNX export benchmark: %d test samples, %d rounds each, %d cores%n",
          SAMPLES, ROUNDS, Runtime.getRuntime().availableProcessors());
      measure("student 480-128-64-32-3 x^2",
          ReferenceModel.student(2, "square", 128, 64, 32).writeModelDir(dir.resolve("student"), values), features);
      measure("teacher conv 64/128", ReferenceModel.teacher(3, 64, 128).writeModelDir(dir.resolve("teacher"), values),
          features);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static void measure(String name, Path modelDir, Path features) throws IOException {
    Path onnx = modelDir.resolveSibling(modelDir.getFileName() + ".onnx");
    OnnxExport export = null;
    long exportNanos = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      long start = System.nanoTime();
      export = OnnxExporter.export(modelDir, onnx);
      exportNanos = Math.min(exportNanos, System.nanoTime() - start);
    }
    System.out.printf("%s: %,d parameters, %d nodes, %,d bytes; export best of %d: %.1f ms%n", name,
        export.parameterCount(), export.nodeCount(), Files.size(onnx), ROUNDS, exportNanos / 1e6);
    for (int batch : new int[] {1, 64}) {
      Path batched = modelDir.resolveSibling(modelDir.getFileName() + "-batch" + batch + ".onnx");
      OnnxExporter.export(modelDir, batched, batch);
      OnnxCheckResult result = null;
      long checkNanos = Long.MAX_VALUE;
      for (int round = 0; round < ROUNDS; round++) {
        long start = System.nanoTime();
        result = OnnxCheck.check(batched, modelDir, features, SAMPLES, OnnxCheck.DEFAULT_TOLERANCE);
        checkNanos = Math.min(checkNanos, System.nanoTime() - start);
      }
      System.out.printf("  check, batch %2d: best of %d %.1f ms for %d samples (%.1f µs/sample incl. session "
              + "load); max |ONNX - reference| %.2e, argmax agree %d/%d%n", batch, ROUNDS, checkNanos / 1e6,
          result.samples(), checkNanos / 1e3 / result.samples(), result.maxAbsDifference(),
          result.argmaxAgreements(), result.samples());
    }
  }
}
