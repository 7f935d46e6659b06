package io.veriregime.runtime.circuit;

import java.math.BigInteger;

/**
 * A student circuit's witness for one window.
 *
 * @param wires       one field element per wire, in the .wtns order (wire 0 = 1, outputs, inputs, internal)
 * @param logits      the output wires as signed integers, equal to {@link FixedPointModel#infer}'s
 * @param floatLogits the logits in real units, to compare with the float model
 */
public record Witness(BigInteger[] wires, long[] logits, double[] floatLogits) {}
