package io.veriregime.runtime.experiment;

/**
 * The {@code optimize.hawq:} section: Hessian-aware mixed precision for the {@code hawq} candidate.
 * Each linear layer's weights get a bit width in {@code minBits..maxBits}; the layers whose loss is
 * most sensitive to quantisation noise (Hessian trace × noise) get more bits, while the average bit
 * width, weighted by each layer's number of weights, stays at most {@code averageBits}.
 *
 * @param minBits the fewest bits any layer's weights get
 * @param maxBits the most bits any layer's weights get
 * @param averageBits the budget: the average bit width over all weights (a layer counts by its number of weights)
 * @param probes Rademacher vectors per layer in Hutchinson's estimate of the Hessian trace
 */
public record HawqConfig(int minBits, int maxBits, double averageBits, int probes) implements ConfigSection {

  static final HawqConfig DEFAULTS = new HawqConfig(4, 8, 6.5, 32);

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(minBits >= 2 && minBits <= 16, "minBits", "must be in 2..16, got " + minBits,
        "The design documents use 4.");
    checks.require(maxBits >= minBits && maxBits <= 16, "maxBits",
        "must be in minBits.." + "16 (minBits is " + minBits + "), got " + maxBits, "The design documents use 8.");
    // every layer at minBits meets any budget of at least minBits, so this is exactly what can be met
    checks.require(averageBits >= minBits && averageBits <= maxBits, "averageBits",
        "must be between minBits and maxBits (" + minBits + ".." + maxBits + "), got " + averageBits
            + (averageBits < minBits ? ": no allocation of at least minBits per layer stays within it" : ""),
        averageBits < minBits ? "Raise averageBits to at least " + minBits + " or lower minBits."
            : "Lower averageBits to at most " + maxBits + " (more cannot be spent) or raise maxBits.");
    checks.require(probes >= 2, "probes", "must be at least 2, got " + probes,
        "Two probes are the fewest that give the trace estimate a standard error; the default is 32.");
  }
}
