package io.veriregime.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.WaitPolicy;
import io.veriregime.runtime.stage.RecordingLog;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class OpenMpWaitingTest {

  private static final Map<String, String> PASSIVE = Map.of("OMP_WAIT_POLICY", "PASSIVE");
  private static final DoubleSupplier NOT_ASKED = () -> {
    throw new AssertionError("the machine's load was sampled although the policy did not need it");
  };

  private final RecordingLog log = new RecordingLog();

  @Test
  void autoSpinsOnAnIdleMachine() {
    assertThat(OpenMpWaiting.environment(WaitPolicy.AUTO, 1, Map.of(), () -> 0.2, log)).isEmpty();
    assertThat(log.lines).isEmpty();
  }

  @Test
  void autoSleepsWhenAnotherProcessKeepsACoreBusyAndSaysWhy() {
    assertThat(OpenMpWaiting.environment(WaitPolicy.AUTO, 1, Map.of(), () -> 1.04, log)).isEqualTo(PASSIVE);
    assertThat(log.lines).singleElement().asString()
        .contains("other processes keep 1.0 cores busy").contains("compute.waitPolicy");
  }

  @Test
  void autoSleepsWithoutSamplingWhenSeveralBuildsShareTheMachine() {
    assertThat(OpenMpWaiting.environment(WaitPolicy.AUTO, 2, Map.of(), NOT_ASKED, log)).isEqualTo(PASSIVE);
  }

  @Test
  void explicitPoliciesNeverSample() {
    assertThat(OpenMpWaiting.environment(WaitPolicy.SPIN, 2, Map.of(), NOT_ASKED, log)).isEmpty();
    assertThat(OpenMpWaiting.environment(WaitPolicy.PASSIVE, 1, Map.of(), NOT_ASKED, log)).isEqualTo(PASSIVE);
  }

  @Test
  void theUsersOwnEnvironmentWins() {
    Map<String, String> inherited = Map.of("OMP_WAIT_POLICY", "ACTIVE");
    assertThat(OpenMpWaiting.environment(WaitPolicy.PASSIVE, 1, inherited, NOT_ASKED, log)).isEmpty();
    assertThat(OpenMpWaiting.environment(WaitPolicy.AUTO, 4, inherited, NOT_ASKED, log)).isEmpty();
  }

  @Test
  void busyCoresAreWithinTheMachine() {
    assertThat(OpenMpWaiting.busyCoresNow()).isBetween(0.0, (double) Runtime.getRuntime().availableProcessors());
  }
}
