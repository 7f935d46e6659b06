package io.veriregime.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Proves and verifies the student's inference with EZKL on test samples and records timings (mean ±
 * standard error), proof and key sizes, circuit size, peak memory and agreement with the float
 * model under {@code target/veriregime/zk/prove}.
 */
@Mojo(name = "zk-prove", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public class ZkProveMojo extends AbstractStageMojo {

  @Override
  String stageName() {
    return "zk-prove";
  }
}
