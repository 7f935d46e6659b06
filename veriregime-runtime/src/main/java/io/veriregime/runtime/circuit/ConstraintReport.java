package io.veriregime.runtime.circuit;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * What a compiled student costs: constraints per model layer and the circuit's totals.
 *
 * @param publicInputs      public signals that carry the window: one per value, or the packed ones
 * @param inputPacking      how the window is packed into its public signals; null when each value is one
 * @param linearConstraints of {@code constraints}, those without a multiplication of two wires
 *                          (bit sums, quotient and output bindings)
 * @param wires             every wire, the constant 1 included
 */
public record ConstraintReport(List<LayerConstraints> layers, int constraints, int linearConstraints, int wires,
                               int publicInputs, int publicOutputs, InputPacking inputPacking) {

  public ConstraintReport {
    layers = List.copyOf(layers);
  }

  /**
   * One layer of model.json.
   *
   * @param layerIndex    its index in model.json's {@code layers}
   * @param type          its {@code type}
   * @param constraints   constraints it adds: an activation's multiplications and its truncation
   *                      (the linear layer before it adds none; the last one binds the outputs)
   * @param rangeBits     bits each of its neurons range-checks (0 for a linear layer)
   */
  public record LayerConstraints(int layerIndex, String type, int constraints, int rangeBits) {}

  /**
   * The window's values x (integers at the input unit, −2^offsetBits ≤ x < 2^offsetBits), private and
   * packed into the public signals: signal k = Σ_j (x[k·inputsPerSignal + j] + 2^offsetBits) ·
   * 2^(bitsPerInput·j), each x + 2^offsetBits range-checked to bitsPerInput = offsetBits + 1 bits, so
   * that the packing (under 2^253) is the one way to reach a signal's value. A verifier packs the
   * window the same way, after refusing a window with a value outside that range: its packing would
   * be another, in-range window's.
   *
   * @param values        the window's values
   * @param signals       the public signals they are packed into
   * @param constraints   what the range checks and the packing cost (0 until they are built)
   */
  public record InputPacking(int values, int offsetBits, int bitsPerInput, int inputsPerSignal, int signals,
                             int constraints) {

    /** Field elements below 2^253 are packed without reduction modulo BN254's r (2^253 < r < 2^254). */
    static final int PACKED_BITS = 253;

    static InputPacking of(int values, int offsetBits) {
      int bitsPerInput = offsetBits + 1;
      int inputsPerSignal = PACKED_BITS / bitsPerInput;
      int signals = (values + inputsPerSignal - 1) / inputsPerSignal;
      return new InputPacking(values, offsetBits, bitsPerInput, inputsPerSignal, signals, 0);
    }

    InputPacking withConstraints(int built) {
      return new InputPacking(values, offsetBits, bitsPerInput, inputsPerSignal, signals, built);
    }

    /**
     * The public signals of a window's values.
     *
     * @throws IllegalArgumentException for a value the range checks do not admit (its packing would
     *     carry into the next value's place)
     */
    BigInteger[] pack(long[] window) {
      BigInteger[] packed = new BigInteger[signals];
      Arrays.fill(packed, BigInteger.ZERO);
      for (int i = 0; i < values; i++) {
        if (window[i] < -(1L << offsetBits) || window[i] >= 1L << offsetBits) {
          throw new IllegalArgumentException("value " + i + " is " + window[i] + ", outside [-2^" + offsetBits + ", 2^"
              + offsetBits + ")");
        }
        BigInteger shifted = BigInteger.valueOf(window[i]).add(BigInteger.ONE.shiftLeft(offsetBits));
        packed[i / inputsPerSignal] = packed[i / inputsPerSignal]
            .add(shifted.shiftLeft(bitsPerInput * (i % inputsPerSignal)));
      }
      return packed;
    }
  }
}
