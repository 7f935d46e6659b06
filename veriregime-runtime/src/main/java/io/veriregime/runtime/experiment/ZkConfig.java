package io.veriregime.runtime.experiment;

import java.time.Duration;

/**
 * The {@code zk:} section: which proving backend builds and proves the circuits, and what any
 * backend is asked to do. Settings of one backend live in its own subsection ({@code zk.ezkl:}, {@code zk.groth16:}).
 *
 * @param samples test samples proved and verified by zk-prove
 * @param provers prover processes that prove the samples at once, sharing compute.threads; 0 for as
 *     many as compute.threads and zk.budget.memory allow (throughput), 1 (the default) for one
 *     process with every thread (each proof as fast as it can be: the prove time gates compare)
 * @param timeSetupEachRound benchmarking: repeat and time the circuit's setup in every proving
 *     round, as the design documents' benchmark did; otherwise zk-prove uses zk-compile's keys and
 *     reports zk-compile's setup time
 * @param teacher also compile the teacher, for the proving speed-up comparison
 * @param timeout limit for each prover step
 */
public record ZkConfig(
    ProvingSystem backend,
    int samples,
    int provers,
    boolean timeSetupEachRound,
    BudgetConfig budget,
    boolean teacher,
    boolean evm,
    Duration timeout,
    EzklConfig ezkl,
    Groth16Config groth16)
    implements ConfigSection {

  static final ZkConfig DEFAULTS = new ZkConfig(
      ProvingSystem.EZKL,
      3,
      1,
      false,
      BudgetConfig.DEFAULTS,
      true,
      false,
      Duration.ofMinutes(30),
      EzklConfig.DEFAULTS,
      Groth16Config.DEFAULTS);

  @Override
  public void validate(ConfigChecks checks) {
    checks.positive(samples, "samples");
    checks.require(provers >= 0, "provers", "must be 0 (as many as fit) or more, got " + provers,
        "Use 1 for one prover with every thread, 0 to let compute.threads and zk.budget.memory decide.");
    checks.require(!timeout.isNegative() && !timeout.isZero(), "timeout", "must be positive", "Use e.g. 30m.");
  }
}
