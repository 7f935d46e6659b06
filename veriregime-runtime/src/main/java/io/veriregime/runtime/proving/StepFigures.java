package io.veriregime.runtime.proving;

import java.io.Serializable;

/**
 * One prover step as measured inside the prover's process.
 *
 * @param seconds wall time of the step itself (excluding process start-up)
 * @param cpuSeconds CPU time of the step over all the process's threads: what the step cost,
 *     much less sensitive than wall time to other work sharing the machine
 * @param peakMemoryBytes peak resident memory of the process that ran it
 */
public record StepFigures(double seconds, double cpuSeconds, long peakMemoryBytes) implements Serializable {}
