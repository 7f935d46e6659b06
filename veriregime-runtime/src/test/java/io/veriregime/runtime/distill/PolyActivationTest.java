package io.veriregime.runtime.distill;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/** a·x² + b·x at its initial a = 0.1, b = 1: forward values and the gradients for x, a and b. */
@RunsTools
class PolyActivationTest {

  @Test
  void forwardAndGradientsMatchTheirFormulas() {
    System.setProperty("ai.djl.offline", "true");
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      PolyActivation poly = new PolyActivation();
      poly.initialize(manager, DataType.FLOAT32, new Shape(3));
      NDArray x = manager.create(new float[] {-2, 0.5f, 3});
      x.setRequiresGradient(true);
      NDArray y;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        y = poly.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
        collector.backward(y.sum());
      }
      // 0.1·4 − 2 = −1.6; 0.1·0.25 + 0.5 = 0.525; 0.1·9 + 3 = 3.9
      assertThat(y.toFloatArray()).containsExactly(new float[] {-1.6f, 0.525f, 3.9f}, within(1e-6f));
      // d/dx = 2a·x + b
      assertThat(x.getGradient().toFloatArray()).containsExactly(new float[] {0.6f, 1.1f, 1.6f}, within(1e-6f));
      // d/da = Σ x² = 13.25, d/db = Σ x = 1.5
      Parameter a = poly.getParameters().get("a");
      Parameter b = poly.getParameters().get("b");
      assertThat(a.getArray().getGradient().getFloat()).isCloseTo(13.25f, within(1e-5f));
      assertThat(b.getArray().getGradient().getFloat()).isCloseTo(1.5f, within(1e-6f));
      assertThat(poly.a()).isEqualTo(0.1f);
      assertThat(poly.b()).isEqualTo(1f);
    }
  }
}
