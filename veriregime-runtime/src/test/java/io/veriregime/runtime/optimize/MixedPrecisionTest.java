package io.veriregime.runtime.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.proving.CircuitCost;
import org.junit.jupiter.api.Test;

/** The circuit effect's statement says what the backend measured, whichever way the rows went. */
class MixedPrecisionTest {

  private static final CircuitCost DISTILLED = new CircuitCost(14, 13_795, 14_052, 13, 13);

  @Test
  void aSmallerCircuitIsCreditedToTheMixedWidths() {
    MixedPrecision.CircuitEffect effect = MixedPrecision.CircuitEffect.of(new CircuitCost(14, 11_619, 11_876, 13, 13),
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
    MixedPrecision.CircuitEffect effect = MixedPrecision.CircuitEffect.of(new CircuitCost(15, 14_000, 14_100, 13, 14),
        DISTILLED);

    assertThat(effect.statement()).endsWith("a change of +205 rows: this circuit has more rows");
  }
}
