package io.veriregime.runtime.experiment;

/** How the loss weighs the three classes. */
public enum ClassWeights implements ConfigEnum {
  NONE, /** Inverse class frequency on the training split. */ BALANCED
}
