package io.veriregime.runtime.ezkl;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.stage.ToolEnvironment;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A development SRS is made once per size, by one of two racing builds, and never reused once altered. */
@RunsTools
class DevelopmentSrsCacheTest {

  @TempDir Path project;

  @Test
  void twoRacingBuildsMakeOneSrsAndAnAlteredOneIsMadeAgain() throws Exception {
    // EZKL from the usual tools directory; the cache under a directory of this test's own
    Experiment experiment = ZkTestSupport.experiment(project, "samples: 1\n");
    Ezkl ezkl = Ezkl.provision(experiment.ezkl(), ToolEnvironment.of(experiment, true, Proxies.NONE, new RecordingLog()));
    Path tools = project.resolve("tools");
    RecordingLog log = new RecordingLog();

    List<DevelopmentSrsCache.Entry> racing = List.of(1, 2).stream()
        .map(i -> CompletableFuture.supplyAsync(() -> new DevelopmentSrsCache(tools, log).get(8, ezkl)))
        .toList().stream().map(CompletableFuture::join).toList();

    assertThat(racing).extracting(DevelopmentSrsCache.Entry::sha256).containsOnly(racing.get(0).sha256());
    assertThat(racing).filteredOn(entry -> entry.generation() != null).hasSize(1);
    assertThat(log.lines).filteredOn(line -> line.contains("reusing the development SRS for logrows 8")).hasSize(1);
    Path srs = racing.get(0).file();
    assertThat(Hashing.sha256(srs)).isEqualTo(racing.get(0).sha256());

    byte[] bytes = Files.readAllBytes(srs);
    bytes[bytes.length / 2] ^= 1;
    Files.write(srs, bytes);
    DevelopmentSrsCache.Entry again = new DevelopmentSrsCache(tools, log).get(8, ezkl);

    assertThat(again.generation()).as("an altered SRS is made again, not reused").isNotNull();
    assertThat(log.lines).anyMatch(line -> line.contains("making it again"));
    assertThat(Hashing.sha256(again.file())).isEqualTo(again.sha256());
  }
}
