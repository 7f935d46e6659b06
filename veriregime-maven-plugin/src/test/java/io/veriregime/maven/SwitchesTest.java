package io.veriregime.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** -Dveriregime.skip=maybe must not silently mean false. */
class SwitchesTest {

  @Test
  void trueAndFalseInAnyCase() throws MojoFailureException {
    assertThat(Switches.parse("veriregime.skip", "true")).isTrue();
    assertThat(Switches.parse("veriregime.skip", " TRUE ")).isTrue();
    assertThat(Switches.parse("veriregime.skip", "false")).isFalse();
    assertThat(Switches.parse("veriregime.skip", "False")).isFalse();
    assertThat(Switches.parse("veriregime.skip", null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"maybe", "ture", "yes", "1", "", "on"})
  void anythingElseFailsNamingThePropertyAndTheAllowedValues(String value) {
    assertThatThrownBy(() -> Switches.parse("veriregime.offline", value))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageStartingWith("veriregime.offline must be true or false, not '" + value + "'");
  }
}
