package io.veriregime.runtime.experiment;

import java.time.Duration;
import java.util.List;

/**
 * The {@code zk:} section: which proving backend builds and proves the circuits, and what any
 * backend is asked to do. Settings of one backend live in its own subsection ({@code zk.ezkl:}, {@code zk.groth16:}); the
 * Node.js that Groth16 and either backend's EVM check run is {@code zk.node:}.
 *
 * @param backend the backend that proves the student: its proofs are the ones the gates judge and the bundle carries
 * @param backends backends that each compile and prove the same student, side by side in the report; the
 *     first is the one the gates and the bundle use (it replaces {@code backend}); empty for {@code backend} alone
 * @param samples test samples proved and verified by zk-prove, from the first: a number up to the test
 *     split's windows, or all of them
 * @param shareSize the most samples in one share: the unit zk-prove hands the execution engine (one
 *     prover process, retried as a whole), so a failure loses at most that many proofs
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
    List<ProvingSystem> backends,
    SampleCount samples,
    int shareSize,
    int provers,
    boolean timeSetupEachRound,
    BudgetConfig budget,
    boolean teacher,
    boolean evm,
    Duration timeout,
    EzklConfig ezkl,
    Groth16Config groth16,
    NodeConfig node)
    implements ConfigSection {

  static final ZkConfig DEFAULTS = new ZkConfig(
      ProvingSystem.EZKL,
      List.of(),
      new SampleCount(3),
      16,
      1,
      false,
      BudgetConfig.DEFAULTS,
      true,
      false,
      Duration.ofMinutes(30),
      EzklConfig.DEFAULTS,
      Groth16Config.DEFAULTS,
      NodeConfig.DEFAULTS);

  /** The backend whose proofs the gates judge and the bundle carries: the first of {@code backends}, else {@code backend}. */
  public ProvingSystem primaryBackend() {
    return backends.isEmpty() ? backend : backends.get(0);
  }

  /** The backends that prove the student beside the primary one, for the report's comparison. */
  public List<ProvingSystem> comparedBackends() {
    return backends.isEmpty() ? List.of() : backends.subList(1, backends.size());
  }

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(backends.stream().distinct().count() == backends.size(), "backends",
        "lists a backend twice: " + backends, "List each backend once, e.g. [ezkl, groth16].");
    checks.require(backends.isEmpty() || !checks.isSet("backend") || backend == backends.get(0), "backend",
        "is " + backend.yamlName() + " but zk.backends starts with " + (backends.isEmpty() ? "" : backends.get(0).yamlName())
            + "; the first of zk.backends is the one the gates and the bundle use",
        "Remove zk.backend, or list " + backend.yamlName() + " first in zk.backends.");
    // EZKL's on-chain check changes a public instance; with none, it would fail only after every proof
    boolean ezklOnChain = evm && (primaryBackend() == ProvingSystem.EZKL || comparedBackends().contains(ProvingSystem.EZKL));
    checks.require(!ezklOnChain || ezkl.inputVisibility() != Visibility.PRIVATE
            || ezkl.outputVisibility() != Visibility.PRIVATE, "evm",
        "needs a public (or hashed) EZKL input or output for the on-chain tamper check, but zk.ezkl.inputVisibility and"
            + " zk.ezkl.outputVisibility are both private",
        "Keep zk.ezkl.outputVisibility: public (the default), or set zk.evm: false.");
    checks.positive(shareSize, "shareSize");
    checks.require(provers >= 0, "provers", "must be 0 (as many as fit) or more, got " + provers,
        "Use 1 for one prover with every thread, 0 to let compute.threads and zk.budget.memory decide.");
    checks.require(!timeout.isNegative() && !timeout.isZero(), "timeout", "must be positive", "Use e.g. 30m.");
  }
}
