package io.veriregime.runtime.proving;

import java.io.Serializable;
import java.util.List;

/**
 * What a circuit costs to prove, as the backend measured it for this exact model, in terms every
 * backend can give: its size in the backend's own unit, and the widths it fixed.
 *
 * @param logrows log2 of the circuit's domain (Halo2's rows, or the powers of tau an R1CS needs);
 *     setup and proving work and key size grow with it
 * @param rows the circuit's size in {@code rowsAre}: rows the model uses (Halo2) or constraints (R1CS)
 * @param rowsAre {@value #ROWS} or {@value #CONSTRAINTS}
 * @param totalAssignments cells assigned (Halo2) or wires (R1CS)
 * @param inputScale fixed-point scale (bits) of the window: both backends take round(x·2^inputScale)
 * @param paramScale fixed-point scale (bits) of every weight, where one scale holds for the whole
 *     circuit (EZKL's param scale); null where each layer has its own (the Groth16 compiler keeps a
 *     quantised layer's weights on their grid)
 * @param layerBits per layer of model.json with a width of its own in the circuit, in order: the bits
 *     its values are range-checked to (Groth16); empty where the backend fixes one range for the
 *     whole circuit (EZKL)
 */
public record CircuitCost(int logrows, long rows, String rowsAre, long totalAssignments, int inputScale,
                          Integer paramScale, List<LayerBits> layerBits) implements Serializable {

  public static final String ROWS = "rows";
  public static final String CONSTRAINTS = "constraints";

  /**
   * @param layer its index in model.json's {@code layers}
   * @param type its {@code type}, e.g. {@code square}
   * @param bits the width each of its values is range-checked to
   */
  public record LayerBits(int layer, String type, int bits) implements Serializable {}

  public CircuitCost {
    layerBits = layerBits == null ? List.of() : List.copyOf(layerBits);
  }

  /** A Halo2 circuit: one param scale and one range for the whole circuit. */
  public static CircuitCost halo2(int logrows, long rows, long cells, int inputScale, int paramScale) {
    return new CircuitCost(logrows, rows, ROWS, cells, inputScale, paramScale, List.of());
  }

  /** An R1CS: {@code power} of tau, constraints and wires, and each layer's range-check width. */
  public static CircuitCost r1cs(int power, long constraints, long wires, int inputScale, List<LayerBits> layerBits) {
    return new CircuitCost(power, constraints, CONSTRAINTS, wires, inputScale, null, layerBits);
  }
}
