package io.veriregime.runtime.optimize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * HAWQ's bit allocation: each layer i gets a width bᵢ in minBits..maxBits minimising the total
 * sensitivity Σ Ωᵢ(bᵢ) subject to the average width over all weights, Σ nᵢ·bᵢ / Σ nᵢ (nᵢ the
 * layer's number of weights), staying at most the budget.
 *
 * <p>Exact, by dynamic programming over the layers (a multiple-choice knapsack): after each layer
 * only the allocations that no other beats in both weight-bits used and Ω are kept. A student has a
 * handful of layers and a few widths each, so the kept set stays small.
 */
final class BitAllocator {

  private BitAllocator() {}

  /**
   * @param parameters the layer's number of weights
   * @param omega Ω at each width, {@code omega[b − minBits]}
   */
  record LayerCost(long parameters, double[] omega) {}

  /**
   * @param bits per layer, in order
   * @param omega Σ Ωᵢ(bᵢ)
   * @param averageBits Σ nᵢ·bᵢ / Σ nᵢ
   */
  record Allocation(List<Integer> bits, double omega, double averageBits) {}

  private record Partial(long weightBits, double omega, List<Integer> bits) {}

  static Allocation allocate(List<LayerCost> layers, int minBits, int maxBits, double averageBits) {
    if (minBits > maxBits) {
      throw new IllegalArgumentException("minBits " + minBits + " > maxBits " + maxBits);
    }
    long weights = layers.stream().mapToLong(LayerCost::parameters).sum();
    if (averageBits < minBits) {
      throw new IllegalArgumentException("an average of " + averageBits + " bits cannot be met with at least "
          + minBits + " bits per layer");
    }
    // the budget in weight-bits; the tolerance keeps e.g. 6.5 × an odd count from losing a bit to rounding
    long budget = (long) Math.floor(averageBits * weights + 1e-9 * weights);
    long[] leastAfter = new long[layers.size() + 1];
    for (int i = layers.size() - 1; i >= 0; i--) {
      leastAfter[i] = leastAfter[i + 1] + layers.get(i).parameters() * minBits;
    }
    List<Partial> frontier = List.of(new Partial(0, 0, List.of()));
    for (int i = 0; i < layers.size(); i++) {
      LayerCost layer = layers.get(i);
      if (layer.omega().length != maxBits - minBits + 1) {
        throw new IllegalArgumentException("layer " + i + " has " + layer.omega().length + " Ω values for widths "
            + minBits + ".." + maxBits);
      }
      List<Partial> next = new ArrayList<>();
      for (Partial partial : frontier) {
        for (int bits = minBits; bits <= maxBits; bits++) {
          long used = partial.weightBits() + layer.parameters() * bits;
          if (used + leastAfter[i + 1] <= budget) {
            List<Integer> chosen = new ArrayList<>(partial.bits());
            chosen.add(bits);
            next.add(new Partial(used, partial.omega() + layer.omega()[bits - minBits], List.copyOf(chosen)));
          }
        }
      }
      frontier = undominated(next);
    }
    Partial best = frontier.stream().min(Comparator.comparingDouble(Partial::omega)
        .thenComparingLong(Partial::weightBits)).orElseThrow();
    return new Allocation(best.bits(), best.omega(), weights == 0 ? minBits : (double) best.weightBits() / weights);
  }

  /** Those with less Ω than every one using no more weight-bits (on a tie, the first in order). */
  private static List<Partial> undominated(List<Partial> partials) {
    List<Partial> sorted = partials.stream()
        .sorted(Comparator.comparingLong(Partial::weightBits).thenComparingDouble(Partial::omega)).toList();
    List<Partial> kept = new ArrayList<>();
    double least = Double.POSITIVE_INFINITY;
    for (Partial partial : sorted) {
      if (partial.omega() < least) {
        kept.add(partial);
        least = partial.omega();
      }
    }
    return kept;
  }
}
