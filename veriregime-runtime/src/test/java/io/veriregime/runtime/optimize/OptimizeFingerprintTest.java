package io.veriregime.runtime.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.Upstream;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distill run again to identical weights differs only in the wall times of the distilled student's
 * metrics and curves: optimize's fingerprint must not change (issue 24: it fine-tuned every
 * candidate again), while a changed weight must change it.
 */
class OptimizeFingerprintTest {

  @TempDir
  Path dir;

  @Test
  void wallTimesOfTheDistilledStudentLeaveTheFingerprintAsItIsAndWeightsDoNot() {
    Fingerprint first = fingerprint("{\"trainSamplesPerSecond\": 912.5}", "fc0 = 1");
    Fingerprint again = fingerprint("{\"trainSamplesPerSecond\": 1040.25}", "fc0 = 1");
    Fingerprint otherWeights = fingerprint("{\"trainSamplesPerSecond\": 912.5}", "fc0 = 2");

    assertThat(again).isEqualTo(first);
    assertThat(otherWeights).isNotEqualTo(first);
    assertThat(first.inputs()).containsKeys("distill/distilled/model.json", "distill/distilled/weights/fc0.weight.npy",
        "distill/distilled/test.logits.npy")
        .doesNotContainKeys("distill/distilled/metrics.json", "distill/distilled/curves.json");
  }

  /** A distill directory as the stage writes one, with this timing and these weights, fingerprinted as optimize does. */
  private Fingerprint fingerprint(String timing, String weights) {
    Path stageDir = dir.resolve("distill");
    Upstream distill = ZkTestSupport.distilledModel(stageDir, "distilled", timing, weights);
    Fingerprint.Builder builder = Fingerprint.builder();
    OptimizeStage.addDistilledStudent(builder, distill, stageDir.resolve("distilled"));
    return builder.build();
  }
}
