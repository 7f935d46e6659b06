package io.veriregime.runtime.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  /** A consumer's tool goal (verify-proof, contribute) without an experiment reads no data: none is made up for it. */
  @Test
  void withoutAFileEveryDefaultHoldsAndTheDataDefaultsAreLeftAsTheyAre() {
    Experiment tools = ExperimentLoader.loadOrDefaults(dir.resolve("absent.yaml"), Map.of("zk.backend", "groth16"));
    assertThat(tools.config().data()).isEqualTo(DataConfig.DEFAULTS);
    assertThat(tools.config().zk().backend()).isEqualTo(ProvingSystem.GROTH16);
    // a data key set for such a goal is still checked, with the rest of its section
    assertThatThrownBy(() -> ExperimentLoader.loadOrDefaults(dir.resolve("absent.yaml"), Map.of("data.window", "60")))
        .isInstanceOf(ExperimentException.class).hasMessageContaining("data.files");
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
        .hasMessageContaining("-Dveriregime.zk.maxLogrows (an override, not in experiment.yaml): zk.maxLogrows: has moved to zk.ezkl.maxLogrows");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("zk.ezkl.paramVisibility", "public")))
        .hasMessageContaining("zk.ezkl.paramVisibility: public is not accepted by EZKL")
        .hasMessageContaining("Use fixed");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("distill.selectBy", "loss")))
        .hasMessageContaining("distill.selectBy: cannot be loss");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("zk.ezkl.inputVisibility", "fixed")))
        .hasMessageContaining("zk.ezkl.inputVisibility: fixed makes the input a constant of the circuit");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("zk.ezkl.outputVisibility", "fixed")))
        .hasMessageContaining("zk.ezkl.outputVisibility: fixed makes the output a constant of the circuit");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("zk.evm", "true", "zk.ezkl.inputVisibility", "private",
        "zk.ezkl.outputVisibility", "private")))
        .hasMessageContaining("zk.evm: needs a public (or hashed) EZKL input or output for the on-chain tamper check")
        .hasMessageContaining("set zk.evm: false");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("zk.groth16.fractionBits", "30")))
        .hasMessageContaining("zk.groth16.fractionBits: must be between 1 and 24, got 30");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("zk.groth16.headroomBits", "-1")))
        .hasMessageContaining("zk.groth16.headroomBits: must be between 0 and 16, got -1");
    assertThat(ExperimentLoader.load(file, Map.of("zk.evm", "true", "zk.backend", "groth16", "zk.ezkl.inputVisibility",
        "private", "zk.ezkl.outputVisibility", "private")).config().zk().evm()).isTrue();
    assertThat(ExperimentLoader.load(file, Map.of("zk.ezkl.maxLogrows", "14")).config().zk().ezkl().maxLogrows())
        .isEqualTo(14);
  }

  @Test
  void theGroth16SectionWantsAHashForAPtauFileAndAnHttpRegistry() throws IOException {
    Path file = write("data:\n  files: [data.csv]\n");

    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("zk.groth16.ptau", "ceremony.ptau")))
        .hasMessageContaining("zk.groth16.ptauSha256: is required when ptau is a file (ceremony.ptau)");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("zk.groth16.ptau", "ceremony.ptau",
        "zk.groth16.ptauSha256", "abc")))
        .hasMessageContaining("zk.groth16.ptauSha256: must be 64 hexadecimal characters");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("zk.groth16.npmRegistry", "npm.example.com")))
        .hasMessageContaining("zk.groth16.npmRegistry: must be an http or https URL");
    Groth16Config defaults = ExperimentLoader.load(file, Map.of()).config().zk().groth16();
    assertThat(defaults.generatedPtau()).isTrue();
    assertThat(defaults.toolsDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".veriregime", "node"));
  }

  @Test
  void zkBackendsNamesThePrimaryBackendFirstAndEachBackendOnce() throws IOException {
    ZkConfig both = ExperimentLoader.load(write("data:\n  files: [data.csv]\nzk:\n  backends: [groth16, ezkl]\n"),
        Map.of()).config().zk();
    assertThat(both.primaryBackend()).isEqualTo(ProvingSystem.GROTH16);
    assertThat(both.comparedBackends()).containsExactly(ProvingSystem.EZKL);
    ZkConfig alone = ExperimentLoader.load(write("data:\n  files: [data.csv]\nzk:\n  backend: groth16\n"), Map.of())
        .config().zk();
    assertThat(alone.primaryBackend()).isEqualTo(ProvingSystem.GROTH16);
    assertThat(alone.comparedBackends()).isEmpty();
    assertThat(ExperimentLoader.load(write("data:\n  files: [data.csv]\nzk:\n  backend: ezkl\n  backends: [ezkl, groth16]\n"),
        Map.of()).config().zk().comparedBackends()).containsExactly(ProvingSystem.GROTH16);

    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\nzk:\n  backend: ezkl\n  backends: [groth16, ezkl]\n"))
        .hasMessageContaining("experiment.yaml:4:3: zk.backend: is ezkl but zk.backends starts with groth16")
        .hasMessageContaining("Remove zk.backend, or list ezkl first in zk.backends.");
    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\nzk:\n  backends: [groth16, groth16]\n"))
        .hasMessageContaining("zk.backends: lists a backend twice");
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
  void anAverageBitBudgetNoAllocationCanMeetIsAConfigError() throws IOException {
    assertThatThrownBy(() -> load("""
        data:
          files: [data.csv]
        optimize:
          hawq: {minBits: 4, maxBits: 8, averageBits: 3.5}
        """))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("experiment.yaml:4:34: optimize.hawq.averageBits: must be between minBits and maxBits (4..8), got 3.5:"
            + " no allocation of at least minBits per layer stays within it")
        .hasMessageContaining("Raise averageBits to at least 4 or lower minBits.");
    assertThatThrownBy(() -> load("""
        data:
          files: [data.csv]
        optimize:
          hawq: {minBits: 6, maxBits: 5}
        """))
        .hasMessageContaining("optimize.hawq.maxBits: must be in minBits..16 (minBits is 6), got 5");
    assertThat(load("""
        data:
          files: [data.csv]
        optimize:
          hawq: {minBits: 4, maxBits: 8, averageBits: 4}
        """).config().optimize().hawq()).isEqualTo(new HawqConfig(4, 8, 4, 32));
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
        .hasMessageStartingWith("-Dveriregime.data.horizon (an override, not in experiment.yaml): data.horizon: "
            + "expected a whole number, got 'soon'");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("teacher.epoch", "3")))
        .hasMessageContaining("teacher.epoch: unknown key")
        .hasMessageContaining("Did you mean 'epochs'?");
  }

  @Test
  void aListKeyGivenWithCommasShowsTheBracketForm() throws IOException {
    Path file = write("data:\n  files: [data.csv]\n");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("distill.temperature", "2,4")))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("distill.temperature: '2,4' is one value with commas in it, not a list")
        .hasMessageContaining("Write a list in brackets: [2, 4] (on the command line "
            + "-Dveriregime.distill.temperature=[2,4])");
    // every list key alike, in the file too
    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\n  features: log-return, rsi\n"))
        .hasMessageContaining("experiment.yaml:3:3: data.features: 'log-return, rsi' is one value with commas")
        .hasMessageContaining("[log-return, rsi]");
    // a quoted value with a comma is one value, as the message says
    assertThatThrownBy(() -> load("data:\n  files: ['a,b.csv']\n"))
        .hasMessageContaining("a,b.csv")
        .hasMessageNotContaining("brackets");
  }

  @Test
  void aWeightDecayThatWouldFlipTheWeightsIsReportedAtWeightDecay() throws IOException {
    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\nteacher:\n  weightDecay: 1e20\n"))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("experiment.yaml:4:3: teacher.weightDecay: 1.0E20 times learningRate 0.001 is 1 or more")
        .hasMessageContaining("Lower weightDecay well below 1000.0")
        .hasMessageNotContaining("Lower teacher.learningRate");
    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\nstudent:\n  learningRate: 0.5\n  weightDecay: 2\n"))
        .hasMessageContaining("student.weightDecay: 2.0 times learningRate 0.5 is 1 or more");
    assertThat(load("data:\n  files: [data.csv]\nteacher:\n  weightDecay: 0.5\n").config().teacher().weightDecay())
        .isEqualTo(0.5);
  }

  @Test
  void aBadOverrideKeyIsReportedAtTheOverrideNotTheFile() throws IOException {
    Path file = write("data:\n  files: [data.csv]\ngates:\n  minRetention: 0.3\n");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("..window", "30")))
        .isInstanceOf(ExperimentException.class)
        .hasMessageStartingWith("-Dveriregime...window (an override, not in experiment.yaml): ..window: the key path has"
            + " an empty part (two dots in a row, or a dot at its start or end)");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("data.", "30")))
        .hasMessageStartingWith("-Dveriregime.data. (an override, not in experiment.yaml): data.: the key path has an"
            + " empty part");
    // a misspelt section that only the override created is the override's, not the file's first line
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("Gates.minRetention", "0.9")))
        .hasMessageStartingWith("-Dveriregime.Gates.minRetention (an override, not in experiment.yaml): Gates: "
            + "unknown key. Did you mean 'gates'?");
    // a misspelt key under a section of the file is the override's too
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("gates.minRetentoin", "0.9")))
        .hasMessageStartingWith("-Dveriregime.gates.minRetentoin (an override, not in experiment.yaml): "
            + "gates.minRetentoin: unknown key. Did you mean 'minRetention'?");
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
  void durationsAndSizesTooLargeToHoldAreErrorsAtTheirKey() throws IOException {
    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\nzk:\n  timeout: 9999999999999999h\n"))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining(":4:3: zk.timeout: '9999999999999999h' is too large to be a duration such as 500ms")
        .hasMessageContaining("Write a duration");
    // milliseconds that fit a long but not nanoseconds, which every later use of a duration needs
    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\n  timeout: 9223372036854775807ms\n"))
        .hasMessageContaining(":3:3: data.timeout: '9223372036854775807ms' is too large");
    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\ncompute:\n  heap: 99999999t\n"))
        .hasMessageContaining(":4:3: compute.heap: '99999999t' is too large to be a size such as 512m or 8g");
    assertThat(load("data:\n  files: [data.csv]\nzk:\n  timeout: 2562047h\n").config().zk().timeout())
        .isEqualTo(Duration.ofHours(2562047));
  }

  @Test
  void downloadUrlsMustBeHttpWithAHost() throws IOException {
    for (String url : List.of("file:///etc/passwd", "ftp://data.binance.vision", "http://", "https://a b.com",
        "data.binance.vision", "https://data.binance.vision/?x=1")) {
      assertThatThrownBy(() -> load("data:\n  files: [data.csv]\n  archiveUrl: \"" + url + "\"\n"))
          .isInstanceOf(ExperimentException.class)
          .hasMessageContaining(":3:3: data.archiveUrl: must be an http or https URL with a host")
          .hasMessageContaining("Remove the key to use Binance (https://data.binance.vision)");
    }
    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\n  apiUrl: file:/tmp/klines\n"))
        .hasMessageContaining(":3:3: data.apiUrl: must be an http or https URL")
        .hasMessageContaining("(https://api.binance.com)");
    assertThat(load("data:\n  files: [data.csv]\n  apiUrl: HTTP://127.0.0.1:8080/\n").config().data().apiUrl())
        .isEqualTo("HTTP://127.0.0.1:8080/");
  }

  @Test
  void yamlSafetyLimitsAndForbiddenCharactersAreMessagesWithTheFile() throws IOException {
    StringBuilder laughs = new StringBuilder("lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      laughs.append("lol").append(i).append(": &lol").append(i).append(" [")
          .append(String.join(", ", java.util.Collections.nCopies(9, "*lol" + (i - 1)))).append("]\n");
    }
    assertThatThrownBy(() -> load(laughs.toString()))
        .isExactlyInstanceOf(VeriRegimeException.class)
        .hasMessage(dir.resolve("experiment.yaml") + ": more than 20 aliases (*name) to sections or lists; a document "
            + "that refers to its anchors that often could expand to billions of values, so it is refused. Write the "
            + "values out, or use fewer anchors and aliases.");
    assertThatThrownBy(() -> load("data: " + "[".repeat(5000) + "]".repeat(5000) + "\n"))
        .isExactlyInstanceOf(VeriRegimeException.class)
        .hasMessageStartingWith(dir.resolve("experiment.yaml") + ": sections or lists are nested more than 50 levels")
        .hasMessageContaining("fix the indentation or brackets");
    assertThatThrownBy(() -> load("name: ok\ndata:\n  files: [data.csv]\n  symbol: \"BTC\u0007USDT\"\n"))
        .hasMessage(dir.resolve("experiment.yaml") + ":4: character U+0007 is not allowed in YAML. Remove it: control "
            + "characters cannot appear in the file, not even inside quotes (write a tab as \\t inside double quotes).");
    Path file = write("data:\n  files: [data.csv]\n");
    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of("name", "a\u0000b")))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining("-Dveriregime.name (an override, not in experiment.yaml): name: the value is not valid YAML (character U+0000 is not "
            + "allowed in YAML). Remove it");
  }

  @Test
  void valuesThatWouldCrashLaterAreBoundedAtLoadWithTheLimitAndWhy() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertThatThrownBy(() -> load("compute:\n  threads: 10000\ndata:\n  files: [data.csv]\n"))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining(":2:")
        .hasMessageContaining("compute.threads: must be 0 (all cores) or at most this machine's " + cores
            + " cores, got 10000")
        .hasMessageContaining("Use 0, or a number of cores up to " + cores);
    assertThatThrownBy(() -> load("student:\n  hidden: [100000]\ndata:\n  files: [data.csv]\n"))
        .hasMessageContaining("student.hidden: widths must be between 1 and 65536, got [100000]");
    // eight layers of 65,536: about 484 GB of weights, gradients and AdamW state (by the formula), more than
    // half of any machine these tests run on
    String wide = String.join(", ", java.util.Collections.nCopies(8, "65536"));
    assertThatThrownBy(() -> load("student:\n  hidden: [" + wide + "]\ndata:\n  files: [data.csv]\n"))
        .hasMessageContaining("student.hidden: [" + wide + "] needs about 48")
        .hasMessageContaining("to train (weights, gradients and AdamW's state of a 480-input MLP, and a batch of 256),"
            + " more than half of this machine's")
        .hasMessageContaining("Use narrower layers");
    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\n  indicators:\n    macdSlow: 2147483647\n"))
        .hasMessageContaining("data.indicators.macdSlow: must be at most 10080 minutes (a week;");
    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\n  retries: 1000000\n"))
        .hasMessageContaining("data.retries: must be between 0 and 20");
    assertThatThrownBy(() -> load("name: " + "n".repeat(300) + "\ndata:\n  files: [data.csv]\n"))
        .hasMessageContaining("name: must be at most 100 characters (it names the bundle's files), got 300");
  }

  @Test
  void anExperimentPathThatIsADirectoryAndAMovedGateKeyGetTheirFix() throws IOException {
    write("data:\n  files: [data.csv]\n");
    assertThatThrownBy(() -> ExperimentLoader.load(dir, Map.of()))
        .isExactlyInstanceOf(VeriRegimeException.class)
        .hasMessage("Experiment file " + dir + " is a directory. Point -Dveriregime.experiment=<path> at the experiment"
            + " file itself (" + dir.resolve("experiment.yaml") + " is one).");
    assertThatThrownBy(() -> load("data:\n  files: [data.csv]\ngates:\n  maxAccuracyDrop: 0.02\n"))
        .isInstanceOf(ExperimentException.class)
        .hasMessageContaining(":4:")
        .hasMessageContaining("gates.maxAccuracyDrop: has moved to gates.maxOptimizeDrop")
        .hasMessageContaining("write gates.maxOptimizeDrop");
  }

  @Test
  void aFileThatIsNotUtf8NamesTheLineOfTheFirstBadByte() throws IOException {
    Path file = write("");
    Files.write(file, "name: ok\ndata:\n  symbol: BTC\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of()))
        .isExactlyInstanceOf(VeriRegimeException.class)
        .hasMessage(file + ":3: not UTF-8 text (byte 0xE9 cannot start or continue a UTF-8 character). Save the "
            + "experiment file as UTF-8.");
  }

  @Test
  void aFileFarLargerThanAnyExperimentIsRefused() throws IOException {
    Path file = write("data:\n  files: [data.csv]\n" + "# padding\n".repeat(ExperimentLoader.MAX_BYTES / 10));

    assertThatThrownBy(() -> ExperimentLoader.load(file, Map.of()))
        .isExactlyInstanceOf(VeriRegimeException.class)
        .hasMessage(file + ": the experiment file is larger than 1024 KiB, which no experiment needs; it is probably "
            + "not the experiment. Point -Dveriregime.experiment=<path> at your experiment.yaml.");
    // just under the cap is still read
    Files.writeString(file, "data:\n  files: [data.csv]\n" + "#".repeat(ExperimentLoader.MAX_BYTES - 40) + "\n");
    assertThat(ExperimentLoader.load(file, Map.of()).config().data().files()).hasSize(1);
  }

  @Test
  void suggestionsOnlyForNearMisses() {
    assertThat(ConfigBinder.closest("batchsize", List.of("batchSize", "epochs"))).isEqualTo("batchSize");
    assertThat(ConfigBinder.closest("colour", List.of("batchSize", "epochs"))).isNull();
  }
}
