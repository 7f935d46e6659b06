package io.veriregime.runtime.ezkl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProverSharesTest {

  @Test
  void samplesAreCutIntoContiguousRunsOfNearlyEqualLength() {
    List<Integer> samples = IntStream.range(0, 7).boxed().toList();

    assertThat(EzklBackend.shares(samples, 3)).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4, 5, 6));
    assertThat(EzklBackend.shares(samples, 1)).containsExactly(samples);
    assertThat(EzklBackend.shares(List.of(5, 9), 2)).containsExactly(List.of(5), List.of(9));
  }
}
