package io.veriregime.runtime.experiment;

/** What zk-compile's logrows trials minimise ({@code zk.ezkl.logrowsObjective}). */
public enum LogrowsObjective implements ConfigEnum {
  /** CPU seconds of one proof: the cost of every proof zk-prove (and a user) will make. */
  PROVE_TIME,
  /** Bytes of the proof: what a verifier downloads, or a chain stores. */
  PROOF_SIZE,
  /** Peak resident memory of the proving process. */
  MEMORY
}
