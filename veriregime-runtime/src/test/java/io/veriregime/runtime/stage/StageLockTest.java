package io.veriregime.runtime.stage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One run at a time owns a stage's outputs; the second is told who holds them, not that a directory is unwritable. */
class StageLockTest {

  @TempDir Path root;

  @Test
  void aSecondRunOfTheSameStageIsRefusedWhileTheFirstHoldsIt() {
    try (StageLock first = StageLock.acquire(root, "train-teacher")) {
      assertThatThrownBy(() -> StageLock.acquire(root, "train-teacher"))
          .hasMessageContaining("Another build is running train-teacher in " + root)
          .hasMessageContaining("Wait for it to finish");
      // other stages are not blocked
      StageLock.acquire(root, "distill").close();
    }
    StageLock.acquire(root, "train-teacher").close();
  }
}
