package io.veriregime.runtime.circuit;

/**
 * The fixed-point scheme's two free parameters (DEVELOPERS.md, "The circuit compiler").
 *
 * @param fractionBits s: inputs are integers at 2^−s, and every activation is rescaled to a unit of
 *                     at most 2^−s (unquantised weights are integers at 2^−s as well)
 * @param headroomBits bits added to the largest activation the calibration windows reach, so windows
 *                     up to 2^headroomBits times larger still fit the range checks
 */
public record FixedPointOptions(int fractionBits, int headroomBits) {

  /** 2^13, as the hand-written circuit; one bit (×2) of headroom. */
  public static final FixedPointOptions DEFAULT = new FixedPointOptions(13, 1);

  public FixedPointOptions {
    if (fractionBits < 1 || fractionBits > 24) {
      throw new IllegalArgumentException("fractionBits must be in 1..24, got " + fractionBits);
    }
    if (headroomBits < 0 || headroomBits > 16) {
      throw new IllegalArgumentException("headroomBits must be in 0..16, got " + headroomBits);
    }
  }
}
