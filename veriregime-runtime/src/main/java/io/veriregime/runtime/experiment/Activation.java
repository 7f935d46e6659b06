package io.veriregime.runtime.experiment;

/** The student's hidden activation. */
public enum Activation implements ConfigEnum {
  RELU, /** x², a single multiplication in a circuit. */ SQUARE, /** Learnable a·x² + b·x per layer. */ POLY
}
