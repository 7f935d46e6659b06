package io.veriregime.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentLoaderTest {

  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Files.writeString(dir.resolve("data.csv"), "");
    return Files.writeString(dir.resolve("experiment.yaml"), yaml);
  }

  private Experiment load(String yaml) throws IOException {
    return ExperimentLoader.load(write(yaml), Map.of());
  }

  @Test
  void emptyFileMeansEveryDefaultButCsvNeedsFiles() throws IOException {
    assertThatThrownBy(() -> load(""))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("data.files")
        .hasMessageContaining("at least one CSV file");
  }

  @Test
  void readsEveryKindOfValueAndKeepsDefaultsForTheRest() throws IOException {
    Experiment experiment = load("""
        name: btc-small
        seed: 7
        compute:
          heap: 1g
        data:
          files: [data.csv]
          start: 2024-01-01
          end: 2024-01-03
          gapPolicy: forward-fill
          features: [log-return, rsi]
          timeout: 500ms
        distill:
          temperature: [2, 4.5]
          alpha: 0.5
        """);
    ExperimentConfig config = experiment.config();
    assertThat(config.name()).isEqualTo("btc-small");
    assertThat(config.seed()).isEqualTo(7);
    assertThat(config.compute().heap().megabytes()).isEqualTo(1024);
    assertThat(config.data().files()).containsExactly(dir.resolve("data.csv"));
    assertThat(config.data().start()).isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(config.data().gapPolicy()).isEqualTo(GapPolicy.FORWARD_FILL);
    assertThat(config.data().features()).containsExactly(Feature.LOG_RETURN, Feature.RSI);
    assertThat(config.data().timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.data().window()).isEqualTo(60);
    assertThat(config.data().split()).isEqualTo(SplitConfig.DEFAULTS);
    assertThat(config.distill().temperature()).containsExactly(2.0, 4.5);
    assertThat(config.distill().alpha()).containsExactly(0.5);
    assertThat(config.teacher()).isEqualTo(TeacherConfig.DEFAULTS);
  }

  @Test
  void unknownKeyNamesLineAndSuggestsTheNearKey() throws IOException {
    assertThatThrownBy(() -> load("""
        data:
          files: [data.csv]
          windw: 30
        """))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("experiment.yaml:3:3: data.windw: unknown key")
        .hasMessageContaining("Did you mean 'window'?");
  }

  @Test
  void anEzklKeyWrittenFlatUnderZkNamesItsNewPlace() throws IOException {
    assertThatThrownBy(() -> load("""
        data:
          files: [data.csv]
        zk:
          samples: 2
          python: /usr/bin/python3
        """))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("experiment.yaml:5:3: zk.python: has moved to zk.ezkl.python")
        .hasMessageContaining("under 'zk.ezkl:'");
    Path file = write("data:\n  files: [data.csv]\n");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("zk.maxLogrows", "14")))
        .hasMessageContaining("-Dveriregime.zk.maxLogrows: zk.maxLogrows: has moved to zk.ezkl.maxLogrows");
    assertThat(ExperimentLoader.load(file, Map.of("zk.ezkl.maxLogrows", "14")).config().zk().ezkl().maxLogrows())
        .isEqualTo(14);
  }

  @Test
  void unknownTopLevelSectionListsTheValidOnes() throws IOException {
    assertThatThrownBy(() -> load("techer:\n  epochs: 3\n"))
        .hasMessageContaining(":1:1: techer: unknown key")
        .hasMessageContaining("Did you mean 'teacher'?")
        .hasMessageContaining("Valid keys at the top level: name, seed, compute, data");
  }

  @Test
  void wrongTypeSaysWhatWasExpected() throws IOException {
    assertThatThrownBy(() -> load("""
        data:
          files: [data.csv]
        teacher:
          epochs: many
        """))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("experiment.yaml:4:3: teacher.epochs: expected a whole number, got 'many'");
  }

  @Test
  void sectionGivenAsAValueIsRejected() throws IOException {
    assertThatThrownBy(() -> load("data: yes\n"))
        .hasMessageContaining("data: expected a section of keys (a YAML mapping), got 'yes'");
  }

  @Test
  void misspeltEnumValueGetsASuggestion() throws IOException {
    assertThatThrownBy(() -> load("""
        data:
          files: [data.csv]
          gapPolicy: drop-window
        """))
        .hasMessageContaining(":3:3: data.gapPolicy: 'drop-window' is not one of drop-windows, forward-fill, fail")
        .hasMessageContaining("Did you mean 'drop-windows'?");
  }

  @Test
  void outOfRangeValue() throws IOException {
    assertThatThrownBy(() -> load("""
        data:
          files: [data.csv]
          threshold: 2
        """))
        .hasMessageContaining(":3:3: data.threshold: must be a positive fraction below 0.5");
  }

  @Test
  void contradictorySplitsAreReportedAtTheSplitSection() throws IOException {
    assertThatThrownBy(() -> load("""
        data:
          files: [data.csv]
          split:
            train: 0.8
            validation: 0.15
        """))
        .hasMessageContaining(":4:5: data.split.train: train + validation + test must be 1")
        .hasMessageContaining("0.8 + 0.15 + 0.15");
  }

  @Test
  void missingInputFileNamesTheListEntry() throws IOException {
    assertThatThrownBy(() -> load("""
        data:
          files:
            - data.csv
            - missing.csv.gz
        """))
        .hasMessageContaining(":4:7: data.files[1]: file " + dir.resolve("missing.csv.gz") + " does not exist");
  }

  @Test
  void missingExperimentFile() {
    assertThatThrownBy(() -> ExperimentLoader.load(dir.resolve("nope.yaml"), Map.of()))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("nope.yaml does not exist");
  }

  @Test
  void yamlSyntaxErrorHasALine() throws IOException {
    assertThatThrownBy(() -> load("data:\n  files: [data.csv\n  window: 3\n"))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining("experiment.yaml:")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void duplicateKeyIsAnError() throws IOException {
    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\n  window: 3\n  window: 4\n"))
        .hasMessageContaining("data.window: appears twice");
  }

  @Test
  void overridesWinAndAreNamedInErrors() throws IOException {
    Path file = write("data:\n  files: [data.csv]\n  window: 30\n");
    Experiment experiment = ExperimentLoader.load(file,
        Map.of("data.window", "20", "distill.temperature", "[1, 2]", "teacher.epochs", "3"));
    assertThat(experiment.config().data().window()).isEqualTo(20);
    assertThat(experiment.config().distill().temperature()).containsExactly(1.0, 2.0);
    assertThat(experiment.config().teacher().epochs()).isEqualTo(3);

    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("data.horizon", "soon")))
        .hasMessageContaining("experiment.yaml:-Dveriregime.data.horizon: data.horizon: expected a whole number, got 'soon'");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("teacher.epoch", "3")))
        .hasMessageContaining("teacher.epoch: unknown key")
        .hasMessageContaining("Did you mean 'epochs'?");
  }

  @Test
  void laterStagesCanReportAValueAtItsLine() throws IOException {
    Experiment experiment = load("data:\n  files: [data.csv]\n  window: 600\n");
    assertThat(experiment.error("data.window", "is longer than the data (500 rows)", "Lower it.").getMessage())
        .isEqualTo(dir.resolve("experiment.yaml") + ":3:3: data.window: is longer than the data (500 rows). Lower it.");
    // a key left out points at its section
    assertThat(experiment.error("data.horizon", "x", "y").location()).isEqualTo("1:1");
  }

  @Test
  void remoteSourcesNeedDates() throws IOException {
    assertThatThrownBy(() -> load("data:\n  source: binance-archive\n  end: 2024-01-02\n"))
        .hasMessageContaining("data.start: is required for source binance-archive");
  }

  @Test
  void effectiveConfigIsWrittenWithKebabCaseEnums() throws IOException {
    Experiment experiment = load("data:\n  files: [data.csv]\n");
    experiment.writeEffectiveConfig(dir.resolve("out"));
    String json = Files.readString(dir.resolve("out").resolve(Experiment.EFFECTIVE_CONFIG_FILE));
    assertThat(json).contains("\"gapPolicy\" : \"drop-windows\"", "\"heap\" : \"2g\"", "\"window\" : 60");
  }

  @Test
  void suggestionsOnlyForNearMisses() {
    assertThat(ConfigBinder.closest("batchsize", List.of("batchSize", "epochs"))).isEqualTo("batchSize");
    assertThat(ConfigBinder.closest("colour", List.of("batchSize", "epochs"))).isNull();
  }
}
