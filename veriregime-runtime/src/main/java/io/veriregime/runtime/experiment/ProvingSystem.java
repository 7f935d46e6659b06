package io.veriregime.runtime.experiment;

/** The proving backend that compiles and proves the student ({@code zk.backend}). */
public enum ProvingSystem implements ConfigEnum {
  /** EZKL: Halo2 with KZG commitments, from the pinned {@code ezkl} PyPI package. */
  EZKL
}
