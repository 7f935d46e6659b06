package io.veriregime.runtime.distill;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.engine.Engine;
import io.veriregime.runtime.train.CrossEntropyLoss;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The losses' gradients must not depend on when the garbage collector runs. A garbage collection
 * between forward and backward (as happens at some random batch of a real run) frees every
 * unreachable Java direct buffer; a loss that left one of them on the autograd path (DJL's
 * {@code mul(Number)}/{@code div(Number)} wrap the number in one) then gets a gradient computed from
 * freed memory, and same-seed runs give different students.
 */
@RunsTools
class LossGradientGcTest {

  @RegisterExtension
  static final PyTorchManager torch = new PyTorchManager();

  @ParameterizedTest
  @ValueSource(strings = {"cross-entropy", "smoothed weighted cross-entropy", "distillation"})
  void gradientIsTheSameWhetherOrNotAGarbageCollectionRunsBeforeBackward(String name) throws Exception {
    Loss loss = switch (name) {
      case "cross-entropy" -> new CrossEntropyLoss(0, null);
      case "smoothed weighted cross-entropy" -> new CrossEntropyLoss(0.1, new float[] {2f, 0.5f, 1.5f});
      default -> new DistillationLoss(4, 0.7, null);
    };
    float[] quiet = gradient(loss, false);
    for (int attempt = 0; attempt < 3; attempt++) {
      assertThat(gradient(loss, true)).as(name + " gradient after a GC between forward and backward").containsExactly(quiet);
    }
  }

  /** d loss / d logits for a fixed batch of 64, optionally with a GC (and the Cleaner's frees) between forward and backward. */
  private static float[] gradient(Loss loss, boolean collectGarbage) throws InterruptedException {
    int n = 64;
    Random random = new Random(3);
    float[] logits = new float[n * 3];
    float[] teacher = new float[n * 3];
    long[] labels = new long[n];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) random.nextGaussian();
      teacher[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < n; i++) labels[i] = random.nextInt(3);
    try (NDManager scope = torch.manager().newSubManager()) {
      NDArray student = scope.create(logits, new Shape(n, 3));
      student.setRequiresGradient(true);
      NDList targets = new NDList(scope.create(labels), scope.create(teacher, new Shape(n, 3)));
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray value = loss.evaluate(targets, new NDList(student.mul(scope.create(1f))));
        if (collectGarbage) {
          System.gc();
          Thread.sleep(100); // the Cleaner frees the unreachable direct buffers
          List<ByteBuffer> reuse = new ArrayList<>();
          for (int i = 0; i < 1000; i++) {
            reuse.add(ByteBuffer.allocateDirect(Float.BYTES).order(ByteOrder.nativeOrder()).putFloat(0, 12345f));
          }
        }
        collector.backward(value);
      }
      return student.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
    }
  }
}
