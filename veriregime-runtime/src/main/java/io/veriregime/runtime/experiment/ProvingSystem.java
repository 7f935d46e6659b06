package io.veriregime.runtime.experiment;

/** The proving backend that compiles and proves the student ({@code zk.backend}). */
public enum ProvingSystem implements ConfigEnum {
  /** EZKL: Halo2 with KZG commitments, from the pinned {@code ezkl} PyPI package. */
  EZKL,
  /**
   * Groth16 on BN254: the student compiled by VeriRegime's own R1CS compiler, proved with the pinned
   * snarkjs (Node.js); students only (not the CNN teacher).
   */
  GROTH16
}
