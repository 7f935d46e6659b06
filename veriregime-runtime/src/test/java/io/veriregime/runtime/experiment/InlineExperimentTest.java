package io.veriregime.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An experiment declared in the build file goes through the same binder and names the build file in errors. */
class InlineExperimentTest {

  @TempDir Path dir;

  private InlineExperiment inline(Map<String, String> values) throws IOException {
    Files.writeString(dir.resolve("data.csv"), "");
    return new InlineExperiment(Files.writeString(dir.resolve("pom.xml"), "<project/>"), values);
  }

  @Test
  void withoutAnExperimentFileTheInlineValuesAreTheExperimentAndPathsAreRelativeToThePom() throws IOException {
    Experiment experiment = ExperimentLoader.load(dir.resolve("experiment.yaml"), inline(Map.of("name", "signals",
        "data.files", "[data.csv]", "student.hidden", "[16, 8]", "gates.minRetention", "0.8")), Map.of());

    assertThat(experiment.file()).isEqualTo(dir.resolve("pom.xml"));
    assertThat(experiment.config().name()).isEqualTo("signals");
    assertThat(experiment.config().data().files()).containsExactly(dir.resolve("data.csv"));
    assertThat(experiment.config().student().hidden()).containsExactly(16, 8);
    assertThat(experiment.config().gates().minRetention()).isEqualTo(0.8);
  }

  @Test
  void theExperimentFileRefinesTheInlineValuesAndOverridesWinOverBoth() throws IOException {
    Path file = Files.writeString(dir.resolve("experiment.yaml"), "name: from-file\nteacher:\n  epochs: 3\n");
    Experiment experiment = ExperimentLoader.load(file, inline(Map.of("name", "from-pom", "data.files", "[data.csv]",
        "teacher.epochs", "9", "teacher.patience", "2", "gates.minRetention", "0.8")), Map.of("gates.minRetention", "0.7"));

    assertThat(experiment.file()).isEqualTo(file);
    assertThat(experiment.config().name()).isEqualTo("from-file");
    assertThat(experiment.config().teacher().epochs()).isEqualTo(3);
    assertThat(experiment.config().teacher().patience()).isEqualTo(2);
    assertThat(experiment.config().gates().minRetention()).isEqualTo(0.7);
  }

  @Test
  void aMisspeltKeyAWrongTypeOrAnImpossibleValueNamesThePomAndTheFix() throws IOException {
    Path none = dir.resolve("experiment.yaml");
    String pom = dir.resolve("pom.xml") + ":<inlineExperiment>: ";
    assertThatThrownBy(() -> ExperimentLoader.load(none, inline(Map.of("data.files", "[data.csv]", "teacher.epoch", "5")),
        Map.of()))
        .isInstanceOf(ExperimentException.class)
        .hasMessageStartingWith(pom + "teacher.epoch: unknown key").hasMessageContaining("Did you mean 'epochs'?");
    assertThatThrownBy(() -> ExperimentLoader.load(none, inline(Map.of("data.files", "[data.csv]", "teacher.epochs",
        "five")), Map.of()))
        .hasMessageStartingWith(pom + "teacher.epochs: expected a whole number, got 'five'");
    assertThatThrownBy(() -> ExperimentLoader.load(none, inline(Map.of("data.files", "[data.csv]", "data.split.train",
        "0.9")), Map.of()))
        .hasMessageStartingWith(pom + "data.split");
    // a key the file sets is named at its line in the file, not in the pom
    Path file = Files.writeString(dir.resolve("experiment.yaml"), "teacher:\n  epochs: many\n");
    assertThatThrownBy(() -> ExperimentLoader.load(file, inline(Map.of("data.files", "[data.csv]")), Map.of()))
        .hasMessageStartingWith(file + ":2:3: teacher.epochs: expected a whole number");
  }
}
