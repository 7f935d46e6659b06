package io.veriregime.runtime.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SharesTest {

  @Test
  void samplesAreCutIntoContiguousRunsOfNearlyEqualLength() {
    List<Integer> samples = IntStream.range(0, 7).boxed().toList();

    assertThat(Shares.contiguous(samples, 3)).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4, 5, 6));
    assertThat(Shares.contiguous(samples, 1)).containsExactly(samples);
    assertThat(Shares.contiguous(List.of(5, 9), 2)).containsExactly(List.of(5), List.of(9));
    assertThatThrownBy(() -> Shares.contiguous(List.of(5, 9), 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void enoughSharesThatNoneIsTooLargeAndEveryExecutorHasOne() {
    assertThat(Shares.count(3, 16, 1)).isEqualTo(1);
    assertThat(Shares.count(64, 16, 1)).isEqualTo(4);
    assertThat(Shares.count(65, 16, 1)).isEqualTo(5);
    assertThat(Shares.count(20, 16, 8)).isEqualTo(8);
    assertThat(Shares.count(3, 16, 8)).isEqualTo(3);
    assertThat(Shares.count(1_440, 64, 2)).isEqualTo(23);
  }
}
