package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.testdata.TestData;
import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.stage.Stage;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every experiment key, changed in turn: exactly the stages whose outputs depend on it see a
 * different configuration in their fingerprint, and so run again (stages after them follow through
 * the hashes of the outputs they read, which {@code UpstreamTest} and the stage tests cover).
 */
class StageConfigurationTest {

  private static final Set<String> NONE = Set.of();
  private static final Set<String> DATA = Set.of("fetch-data");
  private static final Set<String> TEACHER = Set.of("train-teacher");
  private static final Set<String> STUDENTS = Set.of("distill");
  /** The student section: distill trains with it, optimize fine-tunes with the same budget. */
  private static final Set<String> STUDENTS_AND_OPTIMIZE = Set.of("distill", "optimize");
  private static final Set<String> COMPILE = Set.of("zk-compile");
  private static final Set<String> OPTIMIZE = Set.of("optimize");
  /** Keys that decide a circuit: optimize measures each candidate's with them, zk-compile builds the student's. */
  private static final Set<String> CIRCUIT = Set.of("optimize", "zk-compile");
  private static final Set<String> PROVE = Set.of("zk-prove");
  private static final Set<String> BUNDLE = Set.of("bundle");
  private static final Set<String> REPORT = Set.of("report");
  /** Keys with a single allowed value today: nothing to change them to. */
  private static final Set<String> SINGLE_VALUED = Set.of("data.interval");

  @TempDir static Path dir;
  static Path experiment;
  static Map<String, String> baseline;

  /** key changed, the overrides that change it (with a partner where values must stay consistent), the stages that must rerun. */
  static Stream<Arguments> everyKey() {
    List<Arguments> rows = new ArrayList<>();
    row(rows, "name", Map.of("name", "another"), BUNDLE); // names the bundle zip
    row(rows, "seed", Map.of("seed", "7"), Set.of("train-teacher", "distill", "optimize"));
    row(rows, "compute.threads", Map.of("compute.threads", "1"), NONE);
    row(rows, "compute.heap", Map.of("compute.heap", "1g"), NONE);
    row(rows, "compute.waitPolicy", Map.of("compute.waitPolicy", "passive"), NONE);
    row(rows, "data.source", Map.of("data.source", "binance-archive", "data.files", "[]"), DATA);
    row(rows, "data.symbol", Map.of("data.symbol", "ETHUSDT"), DATA);
    row(rows, "data.start", Map.of("data.start", "2024-01-02"), DATA);
    row(rows, "data.end", Map.of("data.end", "2024-01-02"), DATA);
    row(rows, "data.files", Map.of("data.files", "[\"" + TestData.MARCH_2023_23_TO_25 + "\"]"), NONE);
    row(rows, "data.archiveUrl", Map.of("data.archiveUrl", "http://127.0.0.1:9/"), NONE);
    row(rows, "data.apiUrl", Map.of("data.apiUrl", "http://127.0.0.1:9/"), NONE);
    row(rows, "data.cacheDir", Map.of("data.cacheDir", "/tmp/another-cache"), NONE);
    row(rows, "data.timeout", Map.of("data.timeout", "5s"), NONE);
    row(rows, "data.retries", Map.of("data.retries", "1"), NONE);
    row(rows, "data.gapPolicy", Map.of("data.gapPolicy", "fail"), DATA);
    row(rows, "data.invalidRows", Map.of("data.invalidRows", "drop"), DATA);
    row(rows, "data.features", Map.of("data.features", "[log-return, rsi]"), DATA);
    for (String indicator : List.of("emaPeriod", "rsiPeriod", "macdFast", "macdSignal")) {
      row(rows, "data.indicators." + indicator, Map.of("data.indicators." + indicator, "7"), DATA);
    }
    row(rows, "data.indicators.macdSlow", Map.of("data.indicators.macdSlow", "30"), DATA);
    row(rows, "data.window", Map.of("data.window", "30"), DATA);
    row(rows, "data.horizon", Map.of("data.horizon", "10"), DATA);
    row(rows, "data.labels", Map.of("data.labels", "train-quantile"), DATA);
    row(rows, "data.threshold", Map.of("data.threshold", "0.002"), DATA);
    row(rows, "data.holdFraction", Map.of("data.holdFraction", "0.5"), DATA);
    row(rows, "data.clip", Map.of("data.clip", "1"), DATA);
    row(rows, "data.split.train", Map.of("data.split.train", "0.6", "data.split.test", "0.25"), DATA);
    row(rows, "data.split.validation", Map.of("data.split.validation", "0.25", "data.split.test", "0.05"), DATA);
    row(rows, "data.split.test", Map.of("data.split.test", "0.2", "data.split.train", "0.65"), DATA);
    row(rows, "teacher.epochs", Map.of("teacher.epochs", "3"), TEACHER);
    row(rows, "teacher.batchSize", Map.of("teacher.batchSize", "64"), TEACHER);
    row(rows, "teacher.learningRate", Map.of("teacher.learningRate", "0.01"), TEACHER);
    row(rows, "teacher.weightDecay", Map.of("teacher.weightDecay", "0.05"), TEACHER);
    row(rows, "teacher.patience", Map.of("teacher.patience", "2"), TEACHER);
    row(rows, "teacher.labelSmoothing", Map.of("teacher.labelSmoothing", "0.2"), TEACHER);
    row(rows, "teacher.classWeights", Map.of("teacher.classWeights", "none"), TEACHER);
    row(rows, "teacher.selectBy", Map.of("teacher.selectBy", "loss"), TEACHER);
    row(rows, "student.classWeights", Map.of("student.classWeights", "none"), STUDENTS_AND_OPTIMIZE);
    row(rows, "student.selectBy", Map.of("student.selectBy", "balanced-accuracy"), STUDENTS_AND_OPTIMIZE);
    row(rows, "distill.selectBy", Map.of("distill.selectBy", "balanced-accuracy"), STUDENTS);
    row(rows, "student.hidden", Map.of("student.hidden", "[32, 16]"), STUDENTS_AND_OPTIMIZE);
    row(rows, "student.dropout", Map.of("student.dropout", "0.1"), STUDENTS_AND_OPTIMIZE);
    row(rows, "student.activation", Map.of("student.activation", "relu"), STUDENTS_AND_OPTIMIZE);
    row(rows, "student.epochs", Map.of("student.epochs", "3"), STUDENTS_AND_OPTIMIZE);
    row(rows, "student.batchSize", Map.of("student.batchSize", "64"), STUDENTS_AND_OPTIMIZE);
    row(rows, "student.learningRate", Map.of("student.learningRate", "0.01"), STUDENTS_AND_OPTIMIZE);
    row(rows, "student.weightDecay", Map.of("student.weightDecay", "0.05"), STUDENTS_AND_OPTIMIZE);
    row(rows, "student.patience", Map.of("student.patience", "2"), STUDENTS_AND_OPTIMIZE);
    row(rows, "student.gradientClip", Map.of("student.gradientClip", "0.5"), STUDENTS_AND_OPTIMIZE);
    row(rows, "distill.temperature", Map.of("distill.temperature", "[2, 8]"), STUDENTS);
    row(rows, "distill.alpha", Map.of("distill.alpha", "0.5"), STUDENTS);
    row(rows, "optimize.skip", Map.of("optimize.skip", "true"), OPTIMIZE);
    row(rows, "optimize.candidates", Map.of("optimize.candidates", "[relu]"), OPTIMIZE);
    row(rows, "optimize.epochs", Map.of("optimize.epochs", "1"), OPTIMIZE);
    row(rows, "optimize.learningRate", Map.of("optimize.learningRate", "0.001"), OPTIMIZE);
    row(rows, "optimize.fitDegree", Map.of("optimize.fitDegree", "3"), OPTIMIZE);
    row(rows, "optimize.metric", Map.of("optimize.metric", "accuracy"), OPTIMIZE);
    row(rows, "optimize.maxDrop", Map.of("optimize.maxDrop", "0.05"), OPTIMIZE);
    row(rows, "optimize.select", Map.of("optimize.select", "square"), OPTIMIZE);
    row(rows, "optimize.bits", Map.of("optimize.bits", "6"), OPTIMIZE);
    row(rows, "optimize.hawq.minBits", Map.of("optimize.hawq.minBits", "3"), OPTIMIZE);
    row(rows, "optimize.hawq.maxBits", Map.of("optimize.hawq.maxBits", "7"), OPTIMIZE);
    row(rows, "optimize.hawq.averageBits", Map.of("optimize.hawq.averageBits", "6"), OPTIMIZE);
    row(rows, "optimize.hawq.probes", Map.of("optimize.hawq.probes", "8"), OPTIMIZE);
    row(rows, "zk.samples", Map.of("zk.samples", "5"), PROVE);
    // how the proofs are shared out, not what they are
    row(rows, "zk.shareSize", Map.of("zk.shareSize", "4"), NONE);
    row(rows, "zk.provers", Map.of("zk.provers", "0"), PROVE);
    row(rows, "zk.timeSetupEachRound", Map.of("zk.timeSetupEachRound", "true"), PROVE);
    row(rows, "zk.budget.memory", Map.of("zk.budget.memory", "1g"), COMPILE);
    row(rows, "zk.budget.time", Map.of("zk.budget.time", "1m"), COMPILE);
    row(rows, "zk.teacher", Map.of("zk.teacher", "false"), COMPILE);
    row(rows, "zk.evm", Map.of("zk.evm", "true"), PROVE);
    row(rows, "zk.timeout", Map.of("zk.timeout", "5m"), NONE);
    row(rows, "zk.ezkl.ezklExecutable", Map.of("zk.ezkl.ezklExecutable", "/bin/true"), NONE);
    row(rows, "zk.ezkl.python", Map.of("zk.ezkl.python", "/usr/bin/python3"), NONE);
    row(rows, "zk.ezkl.toolsDir", Map.of("zk.ezkl.toolsDir", "/tmp/another-tools"), NONE);
    row(rows, "zk.ezkl.pipIndexUrl", Map.of("zk.ezkl.pipIndexUrl", "https://pypi.example.com/simple"), NONE);
    row(rows, "zk.ezkl.inputVisibility", Map.of("zk.ezkl.inputVisibility", "private"), CIRCUIT);
    row(rows, "zk.ezkl.outputVisibility", Map.of("zk.ezkl.outputVisibility", "private"), CIRCUIT);
    row(rows, "zk.ezkl.paramVisibility", Map.of("zk.ezkl.paramVisibility", "private"), CIRCUIT);
    row(rows, "zk.ezkl.calibrationTarget", Map.of("zk.ezkl.calibrationTarget", "accuracy"), CIRCUIT);
    row(rows, "zk.ezkl.calibrationSamples", Map.of("zk.ezkl.calibrationSamples", "5"), CIRCUIT);
    row(rows, "zk.ezkl.maxLogrows", Map.of("zk.ezkl.maxLogrows", "14"), CIRCUIT);
    row(rows, "zk.ezkl.lookupSafetyMargin", Map.of("zk.ezkl.lookupSafetyMargin", "1.5"), CIRCUIT);
    row(rows, "zk.ezkl.srs", Map.of("zk.ezkl.srs", "ceremony.srs", "zk.ezkl.srsSha256", "ab".repeat(32)), COMPILE);
    row(rows, "zk.ezkl.srsSha256", Map.of("zk.ezkl.srsSha256", "ab".repeat(32)), COMPILE);
    row(rows, "zk.ezkl.logrowsTrials", Map.of("zk.ezkl.logrowsTrials", "0"), COMPILE);
    row(rows, "zk.ezkl.logrowsObjective", Map.of("zk.ezkl.logrowsObjective", "proof-size"), COMPILE);
    row(rows, "zk.backend", Map.of("zk.backend", "groth16"), Set.of("optimize", "zk-compile", "zk-prove"));
    // EZKL stays primary: optimize costs by it as before; the zk stages add a compared unit (their primary ones are reused)
    row(rows, "zk.backends", Map.of("zk.backends", "[ezkl, groth16]"), Set.of("zk-compile", "zk-prove"));
    // where Node.js and its pinned packages come from changes no output
    row(rows, "zk.node.executable", Map.of("zk.node.executable", "/usr/bin/node"), NONE);
    row(rows, "zk.node.toolsDir", Map.of("zk.node.toolsDir", "/tmp/another-tools"), NONE);
    row(rows, "zk.node.npmRegistry", Map.of("zk.node.npmRegistry", "https://npm.example.com/"), NONE);
    // the powers of tau decide zk-compile's keys (as zk.ezkl.srs), not the circuit: optimize does not rerun
    row(rows, "zk.groth16.ptau", Map.of("zk.groth16.ptau", "ceremony.ptau", "zk.groth16.ptauSha256", "ab".repeat(32)), COMPILE);
    row(rows, "zk.groth16.ptauSha256", Map.of("zk.groth16.ptauSha256", "ab".repeat(32)), COMPILE);
    row(rows, "zk.groth16.zkey", Map.of("zk.groth16.zkey", "contributed.zkey", "zk.groth16.zkeySha256", "cd".repeat(32)),
        COMPILE);
    row(rows, "zk.groth16.zkeySha256", Map.of("zk.groth16.zkeySha256", "cd".repeat(32)), COMPILE);
    row(rows, "zk.groth16.packInputs", Map.of("zk.groth16.packInputs", "true"), CIRCUIT);
    row(rows, "zk.groth16.fractionBits", Map.of("zk.groth16.fractionBits", "12"), CIRCUIT);
    row(rows, "zk.groth16.headroomBits", Map.of("zk.groth16.headroomBits", "2"), CIRCUIT);
    row(rows, "bundle.includeProvingKey", Map.of("bundle.includeProvingKey", "true"), BUNDLE);
    row(rows, "bundle.outputTimestamp", Map.of("bundle.outputTimestamp", "2026-01-01T00:00:00Z"), BUNDLE);
    row(rows, "gates.minTeacherMacroF1OverBaseline", Map.of("gates.minTeacherMacroF1OverBaseline", "0.05"), REPORT);
    row(rows, "gates.minTeacherBalancedAccuracy", Map.of("gates.minTeacherBalancedAccuracy", "0.4"), REPORT);
    row(rows, "gates.minRetention", Map.of("gates.minRetention", "0.95"), REPORT);
    row(rows, "gates.retentionMetric", Map.of("gates.retentionMetric", "accuracy"), REPORT);
    row(rows, "gates.maxOptimizeDrop", Map.of("gates.maxOptimizeDrop", "0.05"), REPORT);
    row(rows, "gates.maxProveSeconds", Map.of("gates.maxProveSeconds", "10"), REPORT);
    row(rows, "gates.maxProofBytes", Map.of("gates.maxProofBytes", "8k"), REPORT);
    row(rows, "gates.maxPeakMemory", Map.of("gates.maxPeakMemory", "1g"), REPORT);
    row(rows, "gates.requireVerified", Map.of("gates.requireVerified", "false"), REPORT);
    row(rows, "gates.requireProductionSrs", Map.of("gates.requireProductionSrs", "true"), REPORT);
    row(rows, "gates.skip", Map.of("gates.skip", "true"), NONE);
    // where work runs never changes what it computes
    row(rows, "cluster.engine", Map.of("cluster.engine", "spark"), NONE);
    row(rows, "cluster.master", Map.of("cluster.engine", "spark", "cluster.master", "local[2]"), NONE);
    row(rows, "cluster.parallelism", Map.of("cluster.parallelism", "2"), NONE);
    row(rows, "cluster.maxAttempts", Map.of("cluster.maxAttempts", "4"), NONE);
    row(rows, "cluster.conf", Map.of("cluster.engine", "spark", "cluster.conf", "{spark.executor.memory: 4g}"), NONE);
    row(rows, "cluster.workDir", Map.of("cluster.workDir", "/mnt/shared"), NONE);
    // read by the sweep goal alone: a variant's own values come as overrides, which the rows above cover
    row(rows, "sweep.grid", Map.of("sweep.grid", "{student.activation: [square, relu]}"), NONE);
    row(rows, "sweep.months", Map.of("sweep.months", "[2024-01, 2024-02]"), NONE);
    row(rows, "sweep.selectBy", Map.of("sweep.selectBy", "accuracy"), NONE);
    return rows.stream();
  }

  private static void row(List<Arguments> rows, String key, Map<String, String> overrides, Set<String> stages) {
    rows.add(Arguments.of(key, overrides, stages));
  }

  @BeforeAll
  static void writeExperiment() throws IOException {
    experiment = Files.writeString(dir.resolve("experiment.yaml"), "data:\n  files: [\""
        + TestData.JANUARY_2024 + "\"]\n  start: 2024-01-01\n  end: 2024-01-03\n");
    baseline = configurationHashes(Map.of());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyKey")
  void changingAKeyRerunsExactlyTheStagesThatReadIt(String key, Map<String, String> overrides, Set<String> stages) {
    Map<String, String> changed = configurationHashes(overrides);

    Set<String> rerun = changed.keySet().stream().filter(stage -> !changed.get(stage).equals(baseline.get(stage)))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(rerun).as("stages whose configuration changes with " + key).isEqualTo(new TreeSet<>(stages));
  }

  @Test
  void theTableCoversEveryKeyOfTheExperiment() {
    Set<String> inTable = everyKey().map(arguments -> (String) arguments.get()[0]).collect(Collectors.toSet());
    Set<String> every = new TreeSet<>(leafKeys(ExperimentConfig.class, ""));
    every.removeAll(SINGLE_VALUED);
    assertThat(new TreeSet<>(inTable)).isEqualTo(every);
  }

  private static Map<String, String> configurationHashes(Map<String, String> overrides) {
    ExperimentConfig config = ExperimentLoader.load(experiment, overrides).config();
    Map<String, String> hashes = new LinkedHashMap<>();
    for (Stage stage : Stages.all()) {
      hashes.put(stage.name(), Hashing.sha256Json(stage.configuration(config)));
    }
    return hashes;
  }

  /** A section (a record with its own keys and DEFAULTS), not a value that happens to be a record (a byte size). */
  private static boolean isSection(Class<?> type) {
    return type.isRecord() && Stream.of(type.getDeclaredFields()).anyMatch(field -> field.getName().equals("DEFAULTS"));
  }

  private static List<String> leafKeys(Class<?> section, String prefix) {
    List<String> keys = new ArrayList<>();
    for (RecordComponent component : section.getRecordComponents()) {
      String key = prefix + component.getName();
      if (isSection(component.getType())) {
        keys.addAll(leafKeys(component.getType(), key + "."));
      } else {
        keys.add(key);
      }
    }
    return keys;
  }
}
