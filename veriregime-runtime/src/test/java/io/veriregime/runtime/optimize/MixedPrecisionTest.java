package io.veriregime.runtime.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.proving.CircuitCost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The circuit effect's statement says what the backend measured, whichever way the rows went. */
class MixedPrecisionTest {

  private static final CircuitCost DISTILLED = CircuitCost.halo2(14, 13_795, 14_052, 13, 13);

  @Test
  void aSmallerCircuitIsCreditedToTheMixedWidths() {
    MixedPrecision.CircuitEffect effect = MixedPrecision.CircuitEffect.of(CircuitCost.halo2(14, 11_619, 11_876, 13, 13),
        DISTILLED);

    assertThat(effect.rowsChange()).isEqualTo(-2_176);
    assertThat(effect.statement()).isEqualTo("measured: 11,619 rows (logrows 14) against the distilled"
        + " student's 13,795 (logrows 14), a change of -2,176 rows: the mixed widths make this circuit smaller");
  }

  @Test
  void anUnchangedCircuitSaysTheWidthsSavedNothing() {
    MixedPrecision.CircuitEffect effect = MixedPrecision.CircuitEffect.of(DISTILLED, DISTILLED);

    assertThat(effect.rowsChange()).isZero();
    assertThat(effect.statement()).endsWith("a change of +0 rows: the mixed widths save no rows in this circuit");
  }

  @Test
  void aLargerCircuitIsReportedAsSuch() {
    MixedPrecision.CircuitEffect effect = MixedPrecision.CircuitEffect.of(CircuitCost.halo2(15, 14_000, 14_100, 13, 14),
        DISTILLED);

    assertThat(effect.statement()).endsWith("a change of +205 rows: this circuit has more rows");
  }

  @Test
  void anR1csCircuitIsMeasuredInConstraintsWithItsRangeChecksPerLayer() {
    CircuitCost uniform = CircuitCost.r1cs(15, 12_291, 12_400, 13,
        List.of(new CircuitCost.LayerBits(2, "square", 19), new CircuitCost.LayerBits(4, "square", 18)));
    CircuitCost mixed = CircuitCost.r1cs(15, 11_619, 11_700, 13,
        List.of(new CircuitCost.LayerBits(2, "square", 17), new CircuitCost.LayerBits(4, "square", 18)));

    MixedPrecision.CircuitEffect effect = MixedPrecision.CircuitEffect.of(mixed, uniform);

    assertThat(effect.rowsAre()).isEqualTo(CircuitCost.CONSTRAINTS);
    assertThat(effect.paramScale()).isNull();
    assertThat(effect.layerBits()).extracting(CircuitCost.LayerBits::bits).containsExactly(17, 18);
    assertThat(effect.statement()).isEqualTo("measured: 11,619 constraints (logrows 15) against the distilled"
        + " student's 12,291 (logrows 15), a change of -672 constraints: the mixed widths make this circuit smaller;"
        + " range checks of 17/18 bits per layer against 19/18");
  }

  @Test
  void aHalo2CircuitHasOneParamScaleAndNoWidthsPerLayer() {
    MixedPrecision.CircuitEffect effect = MixedPrecision.CircuitEffect.of(DISTILLED, DISTILLED);

    assertThat(effect.rowsAre()).isEqualTo(CircuitCost.ROWS);
    assertThat(effect.paramScale()).isEqualTo(13);
    assertThat(effect.layerBits()).isEmpty();
  }
}
