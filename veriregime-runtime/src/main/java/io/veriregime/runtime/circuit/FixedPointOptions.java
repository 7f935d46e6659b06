package io.veriregime.runtime.circuit;

/**
 * The compiler's free parameters: the fixed-point scheme's two (DEVELOPERS.md, "The circuit
 * compiler") and how the window reaches the public signals.
 *
 * @param fractionBits s: inputs are integers at 2^−s, and every activation is rescaled to a unit of
 *                     at most 2^−s (unquantised weights are integers at 2^−s as well)
 * @param headroomBits bits added to the largest activation the calibration windows reach, so windows
 *                     up to 2^headroomBits times larger still fit the range checks
 * @param packInputs   the window's values are private and range-checked, and the public signals
 *                     carry them packed several to a field element ({@link ConstraintReport.InputPacking}):
 *                     about 13 times fewer public signals (483 → 38 for the design student), which
 *                     a Solidity verifier's size and gas grow with, for one range check per input;
 *                     otherwise each value is a public signal of its own and is not range-checked
 *                     (the verifier supplies it)
 */
public record FixedPointOptions(int fractionBits, int headroomBits, boolean packInputs) {

  /**
   * 2^13, as the hand-written circuit; one bit (×2) of headroom; one public signal per input:
   * the defaults of {@code zk.groth16.fractionBits}, {@code headroomBits} and {@code packInputs}.
   */
  public static final FixedPointOptions DEFAULT = new FixedPointOptions(13, 1, false);

  public FixedPointOptions {
    if (fractionBits < 1 || fractionBits > 24) {
      throw new IllegalArgumentException("fractionBits must be in 1..24, got " + fractionBits);
    }
    if (headroomBits < 0 || headroomBits > 16) {
      throw new IllegalArgumentException("headroomBits must be in 0..16, got " + headroomBits);
    }
  }

  public FixedPointOptions withPackedInputs(boolean pack) {
    return new FixedPointOptions(fractionBits, headroomBits, pack);
  }
}
