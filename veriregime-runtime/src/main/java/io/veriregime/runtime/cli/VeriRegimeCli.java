package io.veriregime.runtime.cli;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.pipeline.StageRequest;
import io.veriregime.runtime.pipeline.StageRunner;
import io.veriregime.runtime.process.ChildProtocol;
import io.veriregime.runtime.stage.StageLog;
import java.util.Arrays;
import java.util.List;

/**
 * Runs stages without Maven:
 *
 * <pre>
 * java -cp veriregime-runtime.jar:… io.veriregime.runtime.cli.VeriRegimeCli &lt;stage&gt;… \
 *     [--experiment experiment.yaml] [--output target/veriregime] [--set key.path=value]… [--offline] [--force]
 * </pre>
 *
 * Every stage runs in this JVM (nothing else lives in it, so it may load libtorch). A user-facing
 * failure is printed as one line {@code veriregime-error: <message>} on stderr and ends the process
 * with status 2.
 */
public final class VeriRegimeCli {

  private VeriRegimeCli() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (VeriRegimeException e) {
      ChildProtocol.printError(e.getMessage());
      System.exit(ChildProtocol.USER_ERROR);
    }
  }

  static void run(String[] args) {
    List<String> arguments = Arrays.asList(args);
    if (arguments.contains("--help") || arguments.contains("-h")) {
      System.out.println(StageRequest.usage());
      return;
    }
    StageRunner.inThisJvm(StageLog.stdout()).run(StageRequest.parse(arguments));
  }
}
