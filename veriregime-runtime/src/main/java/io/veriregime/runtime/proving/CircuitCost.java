package io.veriregime.runtime.proving;

import java.io.Serializable;

/**
 * What a circuit costs to prove, as the backend measured it for this exact model.
 *
 * @param logrows log2 of the circuit's domain; setup and proving work and key size grow with it
 * @param rows rows (Halo2) or constraints (R1CS) the model actually uses
 * @param totalAssignments cells assigned
 * @param inputScale fixed-point scale (bits) of the inputs
 * @param paramScale fixed-point scale (bits) of the weights
 */
public record CircuitCost(int logrows, long rows, long totalAssignments, int inputScale, int paramScale)
    implements Serializable {}
