package io.veriregime.runtime.ezkl;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.zk.ZkTestSupport;
import io.veriregime.runtime.stage.ToolEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import io.veriregime.runtime.testdata.RunsTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's arguments go by file: a work list of 2,000 proofs (as zk.samples of some hundreds, or
 * all, makes; the length of each path decides how many) is over 150 KB of JSON, past Linux's 128 KiB for one argument, which made "Could not
 * start …/venv/bin/python" of every such batch. The file is deleted after the step.
 */
@RunsTools
class EzklArgumentsTest {

  @TempDir Path project;

  @Test
  void aWorkListLongerThanACommandLineAllowsReachesTheDriverAndIsDeletedAfterwards() throws IOException {
    Experiment experiment = ZkTestSupport.experiment(project, "samples: 1\n");
    Ezkl ezkl = Ezkl.provision(experiment.ezkl(), ToolEnvironment.of(experiment, true, Proxies.NONE, new RecordingLog()));
    List<String> proofs = IntStream.range(0, 2000)
        .mapToObj(i -> project.resolve("target/veriregime/zk/prove/sample-" + i + "/proof.json").toString()).toList();
    List<Path> before = ezklArgumentFiles();
    assertThat(proofs.toString().length()).isGreaterThan(128 * 1024);

    EzklStep step = ezkl.run("version", Map.of("proofs", proofs));

    assertThat(step.result().path("ezkl").asText()).isEqualTo("23.0.5");
    assertThat(ezklArgumentFiles()).isEqualTo(before);
  }

  private static List<Path> ezklArgumentFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(file -> file.getFileName().toString().startsWith("veriregime-ezkl-")).sorted().toList();
    }
  }
}
