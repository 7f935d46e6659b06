package io.veriregime.runtime.zk;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.Upstream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model retrained to identical weights differs only in the wall times of its metrics and curves:
 * the zk fingerprints must not change (issue 24: a retrained teacher rebuilt the student's circuit
 * and keys), while a changed weight must change them.
 */
class StageInputsTest {

  @TempDir
  Path dir;

  @Test
  void wallTimesInMetricsAndCurvesLeaveTheFingerprintAsItIsAndWeightsDoNot() {
    Fingerprint first = fingerprint("{\"seconds\": 12.5}", "fc0 = 1");
    Fingerprint retrained = fingerprint("{\"seconds\": 14.25}", "fc0 = 1");
    Fingerprint otherWeights = fingerprint("{\"seconds\": 12.5}", "fc0 = 2");

    assertThat(retrained).isEqualTo(first);
    assertThat(otherWeights).isNotEqualTo(first);
    assertThat(first.inputs()).containsKeys("student/model.json", "student/weights/fc0.weight.npy")
        .doesNotContainKeys("student/metrics.json", "student/curves.json");
  }

  /** A distill directory written as the stage writes one, with this timing and these weights, fingerprinted as zk-compile does. */
  private Fingerprint fingerprint(String timing, String weights) {
    Path stageDir = dir.resolve("distill");
    Upstream distill = ZkTestSupport.distilledModel(stageDir, "student", timing, weights);
    Fingerprint.Builder builder = Fingerprint.builder();
    StageInputs.addModel(builder, "student", distill, stageDir.resolve("student"));
    return builder.build();
  }
}
