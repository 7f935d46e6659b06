package io.veriregime.runtime.proving;

/**
 * One prover step as measured inside the prover's process.
 *
 * @param seconds wall time of the step itself (excluding process start-up)
 * @param peakMemoryBytes peak resident memory of the process that ran it
 */
public record StepFigures(double seconds, long peakMemoryBytes) {}
