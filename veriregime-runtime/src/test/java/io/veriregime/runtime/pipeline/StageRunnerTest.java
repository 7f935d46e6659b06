package io.veriregime.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output directory that is a file, or under one, is named before any stage runs (issue 24: "check that the directory is writable"). */
class StageRunnerTest {

  @TempDir
  Path dir;

  @Test
  void anOutputDirectoryThatIsAFileOrUnderOneIsNamed() throws IOException {
    Path experiment = Files.writeString(dir.resolve("experiment.yaml"), "data:\n  files: [data.csv]\n");
    Path file = Files.writeString(dir.resolve("target"), "not a directory");

    assertThatThrownBy(() -> run(experiment, file))
        .isExactlyInstanceOf(VeriRegimeException.class)
        .hasMessage("The output directory " + file + " is a file. Point veriregime.outputDirectory (the CLI's --output)"
            + " at a directory, or move the file away.");
    assertThatThrownBy(() -> run(experiment, file.resolve("veriregime")))
        .hasMessage("The output directory " + file.resolve("veriregime") + " cannot be made: " + file + " is a file."
            + " Point veriregime.outputDirectory (the CLI's --output) at a directory, or move the file away.");
  }

  private static void run(Path experiment, Path output) {
    StageRunner.inThisJvm(StageLog.silent()).run(new StageRequest(List.of("fetch-data"), experiment, Map.of(), output,
        true, false, Proxies.NONE));
  }
}
