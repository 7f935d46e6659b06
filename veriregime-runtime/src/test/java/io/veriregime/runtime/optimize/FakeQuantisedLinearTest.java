package io.veriregime.runtime.optimize;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fake quantisation: the quantiser's grid forward, the identity's gradient backward. */
@RunsTools
class FakeQuantisedLinearTest {

  private static NDManager manager;

  @BeforeAll
  static void engine() {
    System.setProperty("ai.djl.offline", "true");
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static float[] gaussian(int n, long seed) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) values[i] = (float) (0.3 * random.nextGaussian());
    return values;
  }

  @Test
  void theForwardValuesAreTheQuantisersGrid() {
    float[] weights = gaussian(500, 1);
    for (int bits : new int[] {4, 6, 8}) {
      try (NDManager scope = manager.newSubManager()) {
        float[] fake = FakeQuantisedLinear.fakeQuantise(scope.create(weights), bits, scope).toFloatArray();
        UniformQuantiser.Quantised q = UniformQuantiser.quantise(weights, bits);
        // the same grid; float32 arithmetic in libtorch against double in Java leaves an ulp or two
        assertThat(fake).as(bits + " bits").containsExactly(q.values(), within((float) (q.quantisation().scale() * 1e-4)));
      }
    }
  }

  @Test
  void theGradientThroughFakeQuantisationIsTheIdentitys() {
    float[] weights = gaussian(60, 2);
    float[] upstream = gaussian(60, 3);
    try (NDManager scope = manager.newSubManager()) {
      NDArray w = scope.create(weights);
      w.setRequiresGradient(true);
      NDArray c = scope.create(upstream);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        // d/dw Σ c·Q(w) under the straight-through estimator is c, as d/dw Σ c·w is
        collector.backward(FakeQuantisedLinear.fakeQuantise(w, 4, scope).mul(c).sum());
      }
      assertThat(w.getGradient().toFloatArray()).containsExactly(upstream, within(1e-7f));
    }
  }

  @Test
  void theLayerComputesWithQuantisedWeightsAndPassesGradientsToTheFloatOnes() {
    int in = 12;
    int out = 5;
    float[] input = gaussian(3 * in, 4);
    FakeQuantisedLinear fake = new FakeQuantisedLinear(out, 4);
    Linear plain = Linear.builder().setUnits(out).build();
    fake.initialize(manager, DataType.FLOAT32, new Shape(3, in));
    plain.initialize(manager, DataType.FLOAT32, new Shape(3, in));
    float[] shadow = fake.getParameters().get("weight").getArray().toFloatArray();
    float[] bias = gaussian(out, 5);
    fake.getParameters().get("bias").getArray().set(bias);
    plain.getParameters().get("bias").getArray().set(bias);
    // the plain layer holds the quantised weights themselves
    plain.getParameters().get("weight").getArray().set(UniformQuantiser.quantise(shadow, 4).values());
    try (NDManager scope = manager.newSubManager()) {
      NDArray x = scope.create(input, new Shape(3, in));
      float[] fakeOut;
      float[] plainOut;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray y = fake.forward(new ParameterStore(scope, false), new NDList(x), true).singletonOrThrow();
        fakeOut = y.toFloatArray();
        collector.backward(y.sum());
      }
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray y = plain.forward(new ParameterStore(scope, false), new NDList(x), true).singletonOrThrow();
        plainOut = y.toFloatArray();
        collector.backward(y.sum());
      }
      assertThat(fakeOut).containsExactly(plainOut, within(1e-5f));
      assertThat(fake.getParameters().get("weight").getArray().getGradient().toFloatArray())
          .containsExactly(plain.getParameters().get("weight").getArray().getGradient().toFloatArray(), within(1e-6f));
      // the float weights are what the optimiser updates: untouched by the forward pass
      assertThat(fake.getParameters().get("weight").getArray().toFloatArray()).containsExactly(shadow);
    }
  }
}
