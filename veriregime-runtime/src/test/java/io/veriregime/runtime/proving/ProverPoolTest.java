package io.veriregime.runtime.proving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one prover fan-out every backend's proveAll goes through. */
class ProverPoolTest {

  @Test
  void samplesAreCutIntoContiguousSharesOnePerProcessAndTheProofsComeBackInSampleOrder() {
    List<List<Integer>> shares = Collections.synchronizedList(new ArrayList<>());

    List<String> proofs = new ProverPool(3, 2).proveInShares(List.of(0, 1, 2, 3, 4, 5, 6), "student", share -> {
      shares.add(share);
      return share.stream().map(sample -> "proof-" + sample).toList();
    });

    assertThat(proofs).containsExactly("proof-0", "proof-1", "proof-2", "proof-3", "proof-4", "proof-5", "proof-6");
    assertThat(shares).containsExactlyInAnyOrder(List.of(0, 1), List.of(2, 3), List.of(4, 5, 6));
  }

  @Test
  void fewerSamplesThanProcessesGiveOneShareEachAndOneProcessProvesAllItIsGiven() {
    List<List<Integer>> shares = Collections.synchronizedList(new ArrayList<>());
    new ProverPool(4, 1).proveInShares(List.of(7, 8), "student", share -> {
      shares.add(share);
      return share;
    });
    assertThat(shares).containsExactlyInAnyOrder(List.of(7), List.of(8));

    shares.clear();
    ProverPool.single(4).proveInShares(List.of(7, 8, 9), "student", share -> {
      shares.add(share);
      return share;
    });
    assertThat(shares).containsExactly(List.of(7, 8, 9));
  }

  @Test
  void aShareThatFailsFailsTheBatchWithItsOwnMessage() {
    assertThatThrownBy(() -> new ProverPool(2, 1).proveInShares(List.of(0, 1, 2, 3), "student", share -> {
      if (share.contains(3)) {
        throw new VeriRegimeException("the prover of samples " + share + " ran out of memory");
      }
      return share;
    })).isInstanceOf(VeriRegimeException.class).hasMessage("the prover of samples [2, 3] ran out of memory");
  }
}
