package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.process.ChildProtocol;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageResult;
import java.util.Arrays;

/**
 * The main class of the child JVM that {@link ChildJvmRunner} starts: runs the request given as
 * arguments in this JVM and answers with the child protocol ({@link ChildProtocol}): a result line
 * {@code <upToDate> <directory>} per stage, or one error line and exit status
 * {@value ChildProtocol#USER_ERROR}.
 */
public final class ChildMain {

  private ChildMain() {}

  public static void main(String[] args) {
    endWithParent();
    try {
      for (StageResult result : StageRunner.inThisJvm(StageLog.stdout()).run(StageRequest.parse(Arrays.asList(args)))) {
        ChildProtocol.printResult(result.upToDate() + " " + result.directory().toAbsolutePath());
      }
    } catch (VeriRegimeException e) {
      ChildProtocol.printError(e.getMessage());
      System.exit(ChildProtocol.USER_ERROR);
    }
  }

  /**
   * Exits when the build that started this JVM is gone, even when it was killed with SIGKILL and
   * could not stop its children: an orphaned training run must not keep computing, or writing
   * outputs, for nobody.
   */
  private static void endWithParent() {
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
      System.err.println("the build that started this child JVM has ended; stopping");
      System.exit(ChildProtocol.USER_ERROR);
    }));
  }
}
