package io.veriregime.runtime.experiment;

/** EZKL visibility of the circuit's inputs, outputs or parameters. */
public enum Visibility implements ConfigEnum {
  PUBLIC, PRIVATE, FIXED, HASHED
}
