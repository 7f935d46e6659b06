package io.veriregime.runtime.proving;

import java.nio.file.Path;

/**
 * A model compiled into a circuit by a backend: the backend's files for it live in {@code dir}.
 *
 * @param model which model ({@code student}, {@code teacher})
 */
public record CompiledCircuit(String model, Path dir, CircuitCost cost) {}
