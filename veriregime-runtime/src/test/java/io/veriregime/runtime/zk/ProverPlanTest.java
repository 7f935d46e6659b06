package io.veriregime.runtime.zk;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.proving.ProverPool;
import org.junit.jupiter.api.Test;

class ProverPlanTest {

  static final long MB = 1L << 20;

  @Test
  void proversOneIsOneProcessWithEveryThread() {
    assertThat(ProverPlan.of(1, 16, 64_000 * MB, 700 * MB, 200).pool()).isEqualTo(new ProverPool(1, 16));
  }

  @Test
  void proversZeroRunsOneProcessPerThreadWhileMemoryAllows() {
    assertThat(ProverPlan.of(0, 16, 64_000 * MB, 700 * MB, 200).pool()).isEqualTo(new ProverPool(16, 1));
    // an 8 GB budget holds 11 provers of 700 MB; the 16 threads are shared among them
    assertThat(ProverPlan.of(0, 16, 8_000 * MB, 700 * MB, 200).pool()).isEqualTo(new ProverPool(11, 1));
    assertThat(ProverPlan.of(0, 16, 2_000 * MB, 700 * MB, 200).pool()).isEqualTo(new ProverPool(2, 8));
  }

  @Test
  void neverMoreProcessesThanSamplesOrThreadsAndAlwaysOne() {
    assertThat(ProverPlan.of(0, 16, 64_000 * MB, 700 * MB, 3).pool()).isEqualTo(new ProverPool(3, 5));
    assertThat(ProverPlan.of(8, 2, 64_000 * MB, 700 * MB, 200).pool()).isEqualTo(new ProverPool(2, 1));
    assertThat(ProverPlan.of(0, 4, 100 * MB, 700 * MB, 200).pool()).isEqualTo(new ProverPool(1, 4));
  }

  @Test
  void theReasonNamesTheKeysAndTheMeasuredPeak() {
    assertThat(ProverPlan.of(0, 16, 8_000 * MB, 700 * MB, 200).reason())
        .contains("zk.provers 0").contains("11 prover(s) x 1 thread(s)").contains("compute.threads 16")
        .contains("zk.budget.memory 8,000 MB").contains("measured 700 MB per prover");
  }
}
