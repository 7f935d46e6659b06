package io.veriregime.runtime.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitAllocatorTest {

  /** Ω(b) = sensitivity · 4^(−b): uniform quantisation noise shrinks fourfold per extra bit. */
  private static BitAllocator.LayerCost layer(long parameters, double sensitivity) {
    double[] omega = new double[8 - 4 + 1];
    for (int b = 4; b <= 8; b++) omega[b - 4] = sensitivity * Math.pow(4, -b);
    return new BitAllocator.LayerCost(parameters, omega);
  }

  private static double average(List<BitAllocator.LayerCost> layers, List<Integer> bits) {
    double used = 0;
    double total = 0;
    for (int i = 0; i < layers.size(); i++) {
      used += layers.get(i).parameters() * bits.get(i);
      total += layers.get(i).parameters();
    }
    return used / total;
  }

  @Test
  void theMostSensitiveLayerGetsMoreBitsAndTheBudgetHolds() {
    // equal sizes, so a 6.5 average is 26 bits over four layers
    List<BitAllocator.LayerCost> layers = List.of(layer(100, 1), layer(100, 1000), layer(100, 10), layer(100, 1));
    BitAllocator.Allocation allocation = BitAllocator.allocate(layers, 4, 8, 6.5);

    assertThat(allocation.bits().get(1)).isEqualTo(8);
    assertThat(allocation.bits().get(1)).isGreaterThan(allocation.bits().get(0));
    assertThat(allocation.bits().get(2)).isGreaterThanOrEqualTo(allocation.bits().get(3));
    assertThat(allocation.averageBits()).isLessThanOrEqualTo(6.5).isEqualTo(average(layers, allocation.bits()));
  }

  @Test
  void aLargeLayerCostsMoreOfTheBudgetThanASmallOne() {
    // the same sensitivity: an extra bit on the 10-weight layer is almost free, on the 10,000-weight one it is not
    List<BitAllocator.LayerCost> layers = List.of(layer(10_000, 1), layer(10, 1));
    BitAllocator.Allocation allocation = BitAllocator.allocate(layers, 4, 8, 4.01);

    assertThat(allocation.bits()).containsExactly(4, 8);
  }

  @Test
  void itIsExactAgainstEveryAllocation() {
    Random random = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      List<BitAllocator.LayerCost> layers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        double[] omega = new double[5];
        for (int b = 0; b < 5; b++) omega[b] = random.nextDouble();
        layers.add(new BitAllocator.LayerCost(1 + random.nextInt(500), omega));
      }
      double budget = 4 + 4 * random.nextDouble();
      double best = Double.POSITIVE_INFINITY;
      for (int code = 0; code < 625; code++) {
        List<Integer> bits = List.of(4 + code % 5, 4 + code / 5 % 5, 4 + code / 25 % 5, 4 + code / 125);
        if (average(layers, bits) <= budget) {
          double omega = 0;
          for (int i = 0; i < 4; i++) omega += layers.get(i).omega()[bits.get(i) - 4];
          best = Math.min(best, omega);
        }
      }
      BitAllocator.Allocation allocation = BitAllocator.allocate(layers, 4, 8, budget);
      assertThat(allocation.omega()).as("trial " + trial).isEqualTo(best, org.assertj.core.api.Assertions.within(1e-12));
      assertThat(average(layers, allocation.bits())).isLessThanOrEqualTo(budget);
    }
  }

  @Test
  void aBudgetOfMinBitsGivesEveryLayerMinBitsAndOneOfMaxBitsEveryLayerMaxBits() {
    List<BitAllocator.LayerCost> layers = List.of(layer(61_440, 3), layer(8192, 50), layer(2048, 7), layer(96, 1));

    assertThat(BitAllocator.allocate(layers, 4, 8, 4).bits()).containsExactly(4, 4, 4, 4);
    assertThat(BitAllocator.allocate(layers, 4, 8, 8).bits()).containsExactly(8, 8, 8, 8);
    assertThat(BitAllocator.allocate(layers, 4, 8, 8).averageBits()).isEqualTo(8);
  }

  @Test
  void aBudgetBelowMinBitsIsRefused() {
    assertThatThrownBy(() -> BitAllocator.allocate(List.of(layer(10, 1)), 4, 8, 3.9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an average of 3.9 bits cannot be met with at least 4 bits per layer");
  }
}
