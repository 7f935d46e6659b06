package io.veriregime.runtime.zk;

import io.veriregime.runtime.testdata.RunsTools;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.ToolEnvironment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.stage.Versions;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.ezkl.EzklBackend;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.testdata.TestFiles;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real EZKL end to end on a tiny student (32→8→3, x²) over real klines: provisioning,
 * zk-compile (ONNX export, settings, calibration, compile, generated SRS, setup), zk-prove
 * (witness, prove, verify, timings, agreement) and rejection of tampered proofs. The teacher is
 * estimated from EZKL's uncalibrated settings, and its calibration and setup are refused by a
 * deliberately tiny memory budget. The class builds its project once (both stages, in {@link
 * #prepare}); each test reads it, or alters a copy of its own.
 */
@RunsTools
class ZkStagesTest {

  @TempDir
  static Path project;
  static StageContext ctx;
  static RecordingLog log = new RecordingLog();
  static StageResult compiled;
  /** The log as zk-compile left it, before zk-prove added to it. */
  static List<String> compileLines;
  static StageResult proved;

  @BeforeAll
  static void prepare() {
    Experiment experiment = ZkTestSupport.experiment(project, """
        samples: 2
        timeSetupEachRound: true
        budget:
          memory: 1m
        ezkl:
          calibrationSamples: 8
          maxLogrows: 12
        """);
    ctx = ZkTestSupport.preparedContext(experiment, project, log);
    compiled = new ZkCompileStage().run(ctx);
    compileLines = List.copyOf(log.lines);
    proved = new ZkProveStage().run(ctx);
  }

  @Test
  void compilesTheStudentAndRecordsWhyTheTeacherIsNotSetUp() {
    StageResult result = compiled;

    assertThat(result.upToDate()).isFalse();
    Path dir = result.directory();
    for (String file : new String[] {"student.onnx", "settings.json", "model.compiled", "kzg.srs", "vk.key", "pk.key",
        "calibration.json", "compile.json"}) {
      assertThat(dir.resolve(file)).isNotEmptyFile();
    }
    Path teacherDir = ctx.layout().zkTeacherCircuitDir();
    for (String file : new String[] {"teacher.onnx", "teacher.json", "manifest.json"}) {
      assertThat(teacherDir.resolve(file)).isNotEmptyFile();
    }
    // over budget by its uncalibrated estimate: neither calibrated nor compiled, and the scratch is gone
    for (String file : new String[] {"settings.json", "calibration.json", "model.compiled", "pk.key", "estimate"}) {
      assertThat(teacherDir.resolve(file)).doesNotExist();
    }
    JsonNode compile = JsonFiles.readTree(dir.resolve("compile.json"));
    assertThat(compile.path("ezkl").asText()).isEqualTo(Versions.ezkl()).isEqualTo("23.0.5");
    JsonNode student = compile.path("student");
    assertThat(student.path("logrows").asInt()).isBetween(8, 12);
    assertThat(student.path("rows").asLong()).isPositive();
    assertThat(student.path("onnxCheck").path("onnxMaxAbsDifference").asDouble()).isLessThan(1e-3);
    assertThat(student.path("srs").path("secure").asBoolean()).isFalse();
    assertThat(student.path("srs").path("warning").asText()).startsWith("INSECURE");
    assertThat(compile.path("srsWarning").asText()).contains("development");
    assertThat(student.path("setup").path("pkBytes").asLong()).isEqualTo(sizeOf(dir.resolve("pk.key")));
    JsonNode teacher = compile.path("teacher");
    assertThat(teacher.path("logrows").asInt()).isPositive();
    assertThat(teacher.path("skipped").asText()).contains("exceeds zk.budget.memory 1m");
    assertThat(teacher.path("estimate").path("peakMemoryBytes").asLong()).isGreaterThan(1 << 20);
    assertThat(teacher.path("estimate").path("basis").asText()).startsWith("not calibrated: EZKL gen-settings");
    assertThat(teacher.path("estimate").path("domainRows").asLong()).isEqualTo(1L << teacher.path("logrows").asInt())
        .isGreaterThanOrEqualTo(teacher.path("rows").asLong() + TeacherEstimate.RESERVED_ROWS);
    assertThat(compileLines).anyMatch(line -> line.startsWith("WARN zk-compile: not calibrating, setting up or proving"
        + " the teacher: estimated peak memory"));
    assertThat(result.manifest().tools()).containsEntry("ezkl", "23.0.5");
    assertThat(compileLines).anyMatch(line -> line.startsWith("INFO zk-compile: ezkl setup:") && line.contains("peak memory"))
        .noneMatch(line -> line.matches("(INFO|WARN) (ezkl|EZKL|student|teacher)\\b.*")); // the backend's lines name the stage
  }

  @Test
  void provesVerifiesAndAgreesWithTheFloatModel() {
    StageResult result = proved;

    Path dir = result.directory();
    for (String file : new String[] {"sample-0/input.json", "sample-0/witness.json", "sample-0/proof.json",
        "sample-1/proof.json", "proving.json"}) {
      assertThat(dir.resolve(file)).isNotEmptyFile();
    }
    JsonNode proving = JsonFiles.readTree(dir.resolve("proving.json"));
    assertThat(proving.path("verified").asBoolean()).isTrue();
    assertThat(proving.path("ezkl").asText()).isEqualTo("23.0.5");
    assertThat(proving.path("srs").path("warning").asText()).startsWith("INSECURE");
    JsonNode student = proving.path("student");
    assertThat(student.path("rounds")).hasSize(2);
    for (String phase : new String[] {"setup", "prove", "verify"}) {
      assertThat(student.path(phase).path("rounds").asInt()).isEqualTo(2);
      assertThat(student.path(phase).path("meanSeconds").asDouble()).isPositive();
      assertThat(student.path(phase).path("standardErrorSeconds").isNumber()).isTrue();
    }
    assertThat(student.path("proofBytes").asLong()).isPositive();
    assertThat(student.path("vkBytes").asLong()).isPositive();
    assertThat(student.path("peakMemoryBytes").asLong()).isGreaterThan(10L << 20);
    // the circuit's fixed-point logits track the float model's
    assertThat(student.path("maxAbsError").asDouble()).isLessThan(0.05);
    assertThat(student.path("argmaxAgreement").asDouble()).isEqualTo(1.0);
    assertThat(proving.path("teacher").path("proved").asBoolean()).isFalse();
    assertThat(proving.path("teacher").path("ratioIs").asText()).isEqualTo("estimated");
    assertThat(proving.path("tamperedProofsRejected").path("flippedByte").asText()).isNotBlank();
    assertThat(proving.path("tamperedProofsRejected").path("changedOutput").asText()).isNotBlank();
  }

  @Test
  void aTamperedProofFailsVerificationWhileTheOriginalPasses(@TempDir Path tamperedDir) {
    ProvingBackend backend = EzklBackend.provision(ctx.experiment().ezkl(), ctx.experiment().node(),
        ctx.experiment().config().compute().effectiveThreads(), ToolEnvironment.of(ctx.experiment(), true, Proxies.NONE, log));
    Path compile = ctx.layout().zkCompileDir();
    CompiledCircuit student = new CompiledCircuit("student", compile, ZkCompileStage.readSummary(compile).student().cost());
    Path proof = ctx.layout().zkProveDir().resolve("sample-0/proof.json");

    assertThat(backend.verify(student, proof).verified()).isTrue();
    Map<String, Path> tampered = backend.tamperedCopies(proof, tamperedDir);
    Path flipped = tampered.get("flippedByte");
    Path changed = tampered.get("changedOutput");
    assertThat(JsonFiles.readTree(changed).path("instances")).isNotEqualTo(JsonFiles.readTree(proof).path("instances"));
    assertThat(backend.verify(student, flipped).verified()).isFalse();
    assertThat(backend.verify(student, changed).verified()).isFalse();
  }

  @Test
  void unchangedInputsAreNotCompiledOrProvedAgain() {
    assertThat(new ZkCompileStage().run(ctx).upToDate()).isTrue();
    assertThat(new ZkProveStage().run(ctx).upToDate()).isTrue();
  }

  @Test
  void aKeyAlteredAfterZkCompileIsNotUsedToProve(@TempDir Path copy) throws java.io.IOException {
    StageContext altered = copyOfTheProject(copy);
    Path vk = altered.layout().zkCompileDir().resolve("vk.key");
    byte[] bytes = Files.readAllBytes(vk);
    bytes[bytes.length / 2] ^= 1;
    Files.write(vk, bytes);

    assertThatThrownBy(() -> new ZkProveStage().run(altered))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(vk.toString())
        .hasMessageContaining("differs from what zk-compile wrote")
        .hasMessageContaining("mvn veriregime:zk-compile");
  }

  @Test
  void aStudentAlteredAfterDistillIsNotCompiled(@TempDir Path copy) throws java.io.IOException {
    StageContext altered = copyOfTheProject(copy);
    Path bias = altered.layout().distilledStudent().resolve("weights/out.bias.npy");
    byte[] bytes = Files.readAllBytes(bias);
    bytes[bytes.length - 1] ^= 1;
    Files.write(bias, bytes);

    assertThatThrownBy(() -> new ZkCompileStage().run(altered))
        .isInstanceOf(VeriRegimeException.class)
        .hasMessageContaining(bias.toString())
        .hasMessageContaining("mvn veriregime:distill");
  }

  /** The class's outputs copied under {@code dir}: a test that alters them leaves the class's project as it was. */
  private static StageContext copyOfTheProject(Path dir) {
    TestFiles.copyTree(ctx.layout().root(), dir);
    return ZkTestSupport.context(ctx.experiment(), dir, log);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
