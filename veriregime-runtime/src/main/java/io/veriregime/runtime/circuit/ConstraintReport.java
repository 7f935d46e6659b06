package io.veriregime.runtime.circuit;

import java.util.List;

/**
 * What a compiled student costs: constraints per model layer and the circuit's totals.
 *
 * @param linearConstraints of {@code constraints}, those without a multiplication of two wires
 *                          (bit sums, quotient and output bindings)
 * @param wires             every wire, the constant 1 included
 */
public record ConstraintReport(List<LayerConstraints> layers, int constraints, int linearConstraints, int wires,
                               int publicInputs, int publicOutputs) {

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
}
