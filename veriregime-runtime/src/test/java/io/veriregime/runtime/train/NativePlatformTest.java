package io.veriregime.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import org.junit.jupiter.api.Test;

class NativePlatformTest {

  @Test
  void mapsEachSupportedPlatformToItsNativeClassifier() {
    assertThat(NativePlatform.classifier("Linux", "amd64")).isEqualTo("linux-x86_64");
    assertThat(NativePlatform.classifier("Linux", "aarch64")).isEqualTo("linux-aarch64");
    assertThat(NativePlatform.classifier("Mac OS X", "aarch64")).isEqualTo("osx-aarch64");
    assertThat(NativePlatform.classifier("Windows 11", "amd64")).isEqualTo("win-x86_64");
  }

  @Test
  void rejectsAnUnsupportedPlatformNamingTheSupportedOnes() {
    assertThatThrownBy(() -> NativePlatform.classifier("Mac OS X", "x86_64"))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("Mac OS X/x86_64")
        .hasMessageContaining("linux-x86_64, linux-aarch64, osx-aarch64 or win-x86_64");
  }
}
