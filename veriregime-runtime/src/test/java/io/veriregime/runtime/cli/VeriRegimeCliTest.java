package io.veriregime.runtime.cli;

import io.veriregime.runtime.testdata.TestData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.experiment.Experiment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI a child JVM (or a user without Maven) runs stages with. */
class VeriRegimeCliTest {

  private static final Path JANUARY = TestData.JANUARY_2024;

  @TempDir Path dir;

  @Test
  void runsAStageWithOverridesAndWritesTheEffectiveConfiguration() throws IOException {
    Path yaml = Files.writeString(dir.resolve("experiment.yaml"),
        "name: cli\ndata:\n  files: [\"" + JANUARY + "\"]\n  start: 2024-01-01\n  end: 2024-01-02\n");
    Path output = dir.resolve("out");

    VeriRegimeCli.run(new String[] {"fetch-data", "--experiment", yaml.toString(), "--output", output.toString(),
        "--set", "data.horizon=10", "--offline"});

    assertThat(JsonFiles.readTree(output.resolve("data/dataset.json")).get("horizon").asInt()).isEqualTo(10);
    var effective = JsonFiles.readTree(output.resolve(Experiment.EFFECTIVE_CONFIG_FILE));
    assertThat(effective.at("/overrides/data.horizon").asText()).isEqualTo("10");
    assertThat(effective.at("/experiment/data/horizon").asInt()).isEqualTo(10);
    assertThat(output.resolve("data/manifest.json")).isRegularFile();
  }

  @Test
  void unknownStageListsTheStages() throws IOException {
    Path yaml = Files.writeString(dir.resolve("experiment.yaml"), "data:\n  files: [\"" + JANUARY + "\"]\n");
    assertThatThrownBy(() -> VeriRegimeCli.run(new String[] {"fetch-dat", "--experiment", yaml.toString(),
        "--output", dir.resolve("out").toString()}))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("Unknown stage 'fetch-dat'")
        .hasMessageContaining("fetch-data, train-teacher, distill, optimize, zk-compile, zk-prove");
  }

  @Test
  void malformedArgumentsSayHowToCallIt() {
    assertThatThrownBy(() -> VeriRegimeCli.run(new String[] {"fetch-data", "--set", "data.horizon"}))
        .hasMessageContaining("--set needs key.path=value, got 'data.horizon'");
    assertThatThrownBy(() -> VeriRegimeCli.run(new String[] {"fetch-data", "--verbose"}))
        .hasMessageContaining("Unknown option --verbose").hasMessageContaining("Usage:");
    assertThatThrownBy(() -> VeriRegimeCli.run(new String[] {}))
        .hasMessageContaining("Name at least one stage");
  }

  @Test
  void verifyProofTakesTheConsumersTrustAndRefusesWhatItCannotCheckBeforeReadingTheBundle() throws IOException {
    Path bundle = Files.write(dir.resolve("signals-1.4.0.zip"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> VeriRegimeCli.run(new String[] {"verify-proof", "--bundle", bundle.toString(),
        "--trusted-key", "45DE6B2230ECDA6A", "--keyring", dir.resolve("keys.asc").toString()}))
        .hasMessageContaining("--trusted-key holds '45DE6B2230ECDA6A', which is not a key fingerprint");
    assertThatThrownBy(() -> VeriRegimeCli.run(new String[] {"verify-proof", "--bundle", bundle.toString(),
        "--trusted-key", "0934F461CA2207C31F99B6AC45DE6B2230ECDA6A"}))
        .hasMessageContaining("--keyring is not set");
    Path lock = Files.writeString(dir.resolve("veriregime-bundles.lock"), "signals-1.4.0.zip\n");
    assertThatThrownBy(() -> VeriRegimeCli.run(new String[] {"verify-proof", "--bundle", bundle.toString(),
        "--lock", lock.toString(), "--output", dir.resolve("out").toString()}))
        .hasMessageContaining(lock + ":1 is not an '<artifact> <sha256>' line");
    assertThatThrownBy(() -> VeriRegimeCli.run(new String[] {"verify-proof", "--bundle", bundle.toString(), "--lock"}))
        .hasMessageContaining("--lock needs a value");
  }
}
