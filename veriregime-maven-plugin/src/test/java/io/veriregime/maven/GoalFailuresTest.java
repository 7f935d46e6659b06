package io.veriregime.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

class GoalFailuresTest {

  /** Records what reaches the debug level, where the stack of an internal error belongs. */
  private static final class DebugLog extends SystemStreamLog {
    final List<Throwable> debugged = new ArrayList<>();

    @Override
    public void debug(CharSequence content, Throwable error) {
      debugged.add(error);
    }
  }

  private final DebugLog log = new DebugLog();

  @Test
  void aUserFacingFailureFailsTheBuildWithItsMessageAlone() {
    assertThatThrownBy(() -> GoalFailures.translate("fetch-data", log, () -> {
      throw new VeriRegimeException("experiment.yaml:3:3: data.window must be at least 2. Set it to 60.");
    })).isExactlyInstanceOf(MojoFailureException.class)
        .hasMessage("experiment.yaml:3:3: data.window must be at least 2. Set it to 60.");
    assertThat(log.debugged).isEmpty();
  }

  @Test
  void aFailureTheGoalMadeItselfPassesAsItIs() {
    MojoFailureException own = new MojoFailureException("veriregime.offline must be true or false, not 'yes'");
    assertThatThrownBy(() -> GoalFailures.translate("report", log, () -> {
      throw own;
    })).isSameAs(own);
  }

  @Test
  void anyOtherExceptionIsAnInternalErrorInOneLineWithItsStackAtDebug() {
    IllegalStateException bug = new IllegalStateException("index 3 out of bounds\n\tat somewhere");
    assertThatThrownBy(() -> GoalFailures.translate("zk-prove", log, () -> {
      throw bug;
    })).isExactlyInstanceOf(MojoExecutionException.class)
        .hasMessage("internal error in veriregime:zk-prove: java.lang.IllegalStateException: index 3 out of bounds;"
            + " please report it, run with -e for the stack")
        .hasCause(bug);
    assertThat(log.debugged).containsExactly(bug);
  }

  @Test
  void anExceptionWithoutAMessageStillSaysWhatItWas() {
    assertThatThrownBy(() -> GoalFailures.translate("bundle", log, () -> {
      throw new NullPointerException();
    })).hasMessage("internal error in veriregime:bundle: java.lang.NullPointerException: (no message); please report"
        + " it, run with -e for the stack");
  }

  @Test
  void workThatSucceedsThrowsNothing() throws Exception {
    List<String> ran = new ArrayList<>();
    GoalFailures.translate("distill", log, () -> ran.add("ran"));
    assertThat(ran).containsExactly("ran");
  }
}
