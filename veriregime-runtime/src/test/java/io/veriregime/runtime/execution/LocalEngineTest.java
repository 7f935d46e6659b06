package io.veriregime.runtime.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.stage.RecordingLog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LocalEngineTest {

  private final RecordingLog log = new RecordingLog();

  private static List<Task<Integer>> tasks(int count) {
    return IntStream.range(0, count).mapToObj(i -> new Task<>("task-" + i, "number " + i, i)).toList();
  }

  @Test
  void resultsComeBackInTaskOrderThoughTheTasksFinishInAnotherOrder() {
    // task 0 waits until task 1 has finished: with two threads the later task is done first
    CountDownLatch secondDone = new CountDownLatch(1);
    Set<String> executors = ConcurrentHashMap.newKeySet();
    TaskFunction<Integer, Integer> square = (n, attempt) -> {
      executors.add(attempt.executor());
      if (n == 0) {
        awaitQuietly(secondDone);
      }
      if (n == 1) {
        secondDone.countDown();
      }
      return n * n;
    };

    List<TaskOutcome<Integer>> outcomes = new LocalEngine(0, 2, log).run(new Job<>("squares", tasks(6), square, 2));

    assertThat(outcomes).extracting(TaskOutcome::result).containsExactly(0, 1, 4, 9, 16, 25);
    assertThat(outcomes).extracting(TaskOutcome::taskId).containsExactly("task-0", "task-1", "task-2", "task-3",
        "task-4", "task-5");
    assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.attempts()).isEqualTo(1));
    assertThat(executors).hasSize(2);
    assertThat(log.lines).anyMatch(line -> line.matches("INFO squares: task-\\d finished in .* s; 3/6 done in \\d+ s,"
        + " about .* left"));
    assertThat(log.lines).anyMatch(line -> line.matches("INFO squares: task-\\d finished in .* s; 6/6 done in \\d+ s"));
  }

  @Test
  void aTaskThatFailsItsFirstAttemptIsRetriedAndSaysSo() {
    TaskFunction<Integer, Integer> flaky = (n, attempt) -> {
      if (n == 2 && attempt.number() == 1) {
        throw new IllegalStateException("executor lost");
      }
      return n;
    };

    List<TaskOutcome<Integer>> outcomes = new LocalEngine(0, 2, log).run(new Job<>("flaky", tasks(4), flaky, 2));

    assertThat(outcomes).extracting(TaskOutcome::result).containsExactly(0, 1, 2, 3);
    assertThat(outcomes.get(2).attempts()).isEqualTo(2);
    assertThat(outcomes.get(2).failures()).containsExactly("executor lost");
    assertThat(outcomes.get(1).failures()).isEmpty();
    assertThat(log.lines).contains("WARN flaky: task-2 (number 2) failed on attempt 1 of 2 on "
        + outcomes.get(2).executor() + ": executor lost");
    assertThat(log.lines).anyMatch(line -> line.startsWith("INFO flaky: task-2 started again (attempt 2)"));
  }

  @Test
  void aTaskThatFailsEveryAttemptFailsTheJobNamingItAndWhatItCovered() {
    TaskFunction<Integer, Integer> broken = (n, attempt) -> {
      if (n == 1) {
        throw new IllegalStateException("no witness for this window");
      }
      return n;
    };

    assertThatThrownBy(() -> new LocalEngine(0, 3, log).run(new Job<>("proofs", tasks(3), broken, 1)))
        .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.failedTaskIds()).containsExactly("task-1"))
        .hasMessageContaining("proofs: 1 task(s) failed on all of their 3 attempt(s): task-1 (number 1): no witness for"
            + " this window")
        .hasMessageContaining("cluster.maxAttempts");
    assertThat(log.lines).filteredOn(line -> line.startsWith("WARN proofs: task-1")).hasSize(3);
  }

  @Test
  void clusterParallelismCapsWhatAJobPlanned() {
    assertThat(new LocalEngine(0, 1, log).executors(4, 10)).isEqualTo(4);
    assertThat(new LocalEngine(2, 1, log).executors(4, 10)).isEqualTo(2);
    assertThat(new LocalEngine(8, 1, log).executors(4, 10)).isEqualTo(4);
    assertThat(new LocalEngine(0, 1, log).executors(4, 3)).isEqualTo(3);

    Set<String> executors = ConcurrentHashMap.newKeySet();
    new LocalEngine(1, 1, log).run(new Job<>("capped", tasks(4), (n, attempt) -> executors.add(attempt.executor()), 4));
    assertThat(executors).hasSize(1);
  }

  @Test
  void durationsAreReadable() {
    assertThat(JobProgress.duration(42.4)).isEqualTo("42 s");
    assertThat(JobProgress.duration(125)).isEqualTo("2 min 05 s");
    assertThat(JobProgress.duration(7_380)).isEqualTo("2 h 03 min");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).as("the other task finished").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
