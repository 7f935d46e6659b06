package io.veriregime.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A quiet child is reported as still running, with the time elapsed, until it ends, and never after. */
class HeartbeatTest {

  @Test
  void reportsAQuietRealChildWhileItRunsAndStopsWhenItEnds() throws InterruptedException {
    List<Duration> beats = new CopyOnWriteArrayList<>();
    ChildProcess.Result result;
    try (Heartbeat ignored = Heartbeat.every(Duration.ofMillis(200), beats::add)) {
      result = ChildProcess.run(List.of("sleep", "1.1"), Path.of("."), Map.of(), Duration.ofSeconds(30),
          line -> {}, line -> {});
    }
    int afterTheChild = beats.size();
    Thread.sleep(500);

    assertThat(result.exitCode()).isZero();
    assertThat(afterTheChild).isBetween(3, 6);
    assertThat(beats).isSortedAccordingTo(Duration::compareTo)
        .allMatch(elapsed -> elapsed.compareTo(Duration.ofMillis(200)) >= 0);
    assertThat(beats.get(beats.size() - 1)).isLessThanOrEqualTo(result.elapsed().plusMillis(200));
    assertThat(beats).hasSize(afterTheChild);
  }
}
