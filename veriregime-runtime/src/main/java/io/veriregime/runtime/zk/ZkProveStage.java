package io.veriregime.runtime.zk;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageManifest;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Versions;
import io.veriregime.runtime.experiment.ZkConfig;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.model.ModelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * zk-prove: for the first zk.samples test samples, a round of setup (timed, into scratch files),
 * witness, prove and verify on the student circuit zk-compile built; timings as mean ± standard
 * error, proof/key sizes, logrows, rows, peak memory of the EZKL processes, agreement between the
 * circuit's outputs and the float model's test logits, and a tamper check. The teacher, when
 * zk-compile set it up, is proved once for the speed-up comparison. Writes {@code zk/prove/}.
 */
public final class ZkProveStage implements Stage {

  public static final String NAME = "zk-prove";
  static final String REPORT = "proving.json";

  /** The zk settings proving depends on beyond the compiled circuit. */
  private record ProveConfig(int samples, boolean evm) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public StageResult run(StageContext ctx) {
    ZkConfig zk = ctx.experiment().config().zk();
    StageLog log = ctx.log();
    Layout layout = ctx.layout();
    Path compileDir = layout.zkCompileDir();
    StageManifest compiled = StageWorkspace.open(compileDir, ZkCompileStage.NAME, log, false).readManifest()
        .orElseThrow(() -> new VeriRegimeException("zk-prove needs the circuit zk-compile builds, and " + compileDir
            + " has no complete zk-compile output. Run `mvn veriregime:zk-compile` (or `mvn package`) first."));
    Path testFeatures = StageInputs.require(layout.features("test"), "test features", "fetch-data");
    Path studentLogits = StageInputs.require(ModelFiles.testLogits(layout.studentForProving()),
        "the distilled student's test logits", "distill");

    Fingerprint.Builder builder = Fingerprint.builder().config(new ProveConfig(zk.samples(), zk.evm()))
        .input("test.features", testFeatures).input("student.test.logits", studentLogits).tool("ezkl", Versions.ezkl());
    compiled.outputs().forEach((file, sha256) -> builder.inputHash("zk-compile/" + file, sha256));
    Fingerprint fingerprint = builder.build();
    StageWorkspace workspace = ctx.workspace(NAME, layout.zkProveDir());
    Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
    if (reused.isPresent()) {
      return reused.get();
    }

    Ezkl ezkl = Ezkl.provision(ctx.experiment(), ctx.offline(), log);
    JsonNode compileSummary = JsonFiles.readTree(compileDir.resolve(ZkCompileStage.SUMMARY));
    Npy.FloatArray features = Npy.readFloat(testFeatures);
    Npy.FloatArray logits = Npy.readFloat(studentLogits);
    CircuitFiles student = new CircuitFiles(compileDir, "student");
    Path studentSrs = Path.of(compileSummary.path("student").path("srs").path("file").asText());
    int samples = Math.min(zk.samples(), features.rows());

    List<ProofRound> rounds = new ArrayList<>();
    List<Double> setupSeconds = new ArrayList<>();
    List<Map<String, Object>> roundReports = new ArrayList<>();
    CircuitCompiler compiler = new CircuitCompiler(ezkl, ctx.experiment(), log);
    for (int sample = 0; sample < samples; sample++) {
      log.info(String.format(Locale.ROOT, "%s: round %d/%d (test sample %d)", NAME, sample + 1, samples, sample));
      setupSeconds.add(timedSetup(compiler, student, studentSrs, workspace.dir()));
      ProofRound round = ProofRound.run(ezkl, student, studentSrs, features, sample, workspace.file("sample-" + sample));
      rounds.add(round);
      Map<String, Object> report = roundReport(round, setupSeconds.get(sample));
      report.putAll(round.compare(row(logits, sample)));
      roundReports.add(report);
    }
    Map<String, Object> tamper = TamperCheck.run(ezkl, student, studentSrs, rounds.get(0).proofFile(), workspace.file("tamper"));
    log.info(NAME + ": tampered proofs rejected: " + tamper);

    Timings prove = timings(rounds, round -> round.prove().seconds());
    Map<String, Object> studentReport = circuitReport(compileSummary.path("student"), rounds, roundReports, new Timings(setupSeconds));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("ezkl", ezkl.version());
    report.put("srs", compileSummary.path("student").path("srs"));
    report.put("verified", true);
    report.put("student", studentReport);
    report.put("tamperedProofsRejected", tamper);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("verified", true);
    metrics.put("samples", samples);
    metrics.put("studentProveMeanSeconds", prove.mean());
    metrics.put("studentProveStandardErrorSeconds", prove.standardError());
    metrics.put("studentPeakMemoryBytes", studentReport.get("peakMemoryBytes"));
    metrics.put("studentMaxAbsError", studentReport.get("maxAbsError"));
    metrics.put("studentArgmaxAgreement", studentReport.get("argmaxAgreement"));
    log.info(String.format(Locale.ROOT, "%s: student proofs verified; prove %s, proof %,d bytes, peak memory %,d MB",
        NAME, prove.format(), rounds.get(0).proofBytes(), ((Number) studentReport.get("peakMemoryBytes")).longValue() >> 20));

    JsonNode teacherSummary = compileSummary.path("teacher");
    if (!teacherSummary.isMissingNode()) {
      Map<String, Object> comparison = teacherComparison(ezkl, compileDir, teacherSummary, features, prove, workspace, log);
      report.put("teacher", comparison);
      metrics.put("teacherOverStudentProveTime", comparison.get("teacherOverStudentProveTime"));
    }
    if (zk.evm()) {
      report.put("evm", evmVerifier(ezkl, student, studentSrs, workspace));
    }
    JsonFiles.write(workspace.file(REPORT), report);
    return workspace.complete(fingerprint, metrics);
  }

  /**
   * Times a setup of the same circuit into scratch files (setup is deterministic for a circuit
   * and SRS, so the published keys stay the ones zk-compile wrote) and deletes them.
   */
  private static double timedSetup(CircuitCompiler compiler, CircuitFiles circuit, Path srs, Path dir) {
    Path scratch = dir.resolve(".setup-scratch");
    try {
      Files.createDirectories(scratch);
      return compiler.setup(circuit.compiled(), scratch.resolve("vk.key"), scratch.resolve("pk.key"), srs).seconds();
    } catch (IOException e) {
      throw new VeriRegimeException("Could not create " + scratch + ": " + e.getMessage(), e);
    } finally {
      CircuitCompiler.deleteQuietly(scratch.resolve("vk.key"));
      CircuitCompiler.deleteQuietly(scratch.resolve("pk.key"));
      CircuitCompiler.deleteQuietly(scratch);
    }
  }

  private static Map<String, Object> roundReport(ProofRound round, Double setupSeconds) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("sample", round.sample());
    report.put("directory", round.dir().getFileName().toString());
    report.put("setupSeconds", setupSeconds);
    report.put("witnessSeconds", round.witness().seconds());
    report.put("proveSeconds", round.prove().seconds());
    report.put("verifySeconds", round.verify().seconds());
    report.put("proveProcessPeakMemoryBytes", round.prove().peakRssBytes());
    report.put("proofBytes", round.proofBytes());
    report.put("verified", true);
    return report;
  }

  private static Map<String, Object> circuitReport(JsonNode compiled, List<ProofRound> rounds, List<Map<String, Object>> roundReports,
                                                   Timings setup) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("logrows", compiled.path("logrows").asInt());
    report.put("rows", compiled.path("rows").asLong());
    report.put("vkBytes", compiled.path("setup").path("vkBytes").asLong());
    report.put("pkBytes", compiled.path("setup").path("pkBytes").asLong());
    report.put("proofBytes", rounds.get(0).proofBytes());
    report.put("proofFileBytes", ZkCompileStage.size(rounds.get(0).proofFile()));
    report.put("setup", setup.describe());
    report.put("witness", timings(rounds, round -> round.witness().seconds()).describe());
    report.put("prove", timings(rounds, round -> round.prove().seconds()).describe());
    report.put("verify", timings(rounds, round -> round.verify().seconds()).describe());
    report.put("peakMemoryBytes", rounds.stream().mapToLong(ProofRound::peakRssBytes).max().orElseThrow());
    report.put("peakMemorySource", "VmHWM from /proc/self/status of each EZKL process (getrusage ru_maxrss where there is no /proc), maximum over witness/prove/verify");
    double maxAbsError = roundReports.stream().mapToDouble(r -> (Double) r.get("maxAbsError")).max().orElseThrow();
    long agreeing = roundReports.stream().filter(r -> (Boolean) r.get("argmaxAgrees")).count();
    report.put("maxAbsError", maxAbsError);
    report.put("argmaxAgreement", (double) agreeing / roundReports.size());
    report.put("rounds", roundReports);
    return report;
  }

  /**
   * The teacher's proving time against the student's: measured with one proof when zk-compile set
   * the teacher up, otherwise zk-compile's estimate (and why it was not attempted).
   */
  private static Map<String, Object> teacherComparison(Ezkl ezkl, Path compileDir, JsonNode teacher, Npy.FloatArray features,
                                                       Timings studentProve, StageWorkspace workspace, StageLog log) {
    Map<String, Object> comparison = new LinkedHashMap<>();
    comparison.put("logrows", teacher.path("logrows").asInt());
    comparison.put("rows", teacher.path("rows").asLong());
    double teacherProveSeconds;
    if (teacher.has("skipped")) {
      teacherProveSeconds = teacher.path("estimate").path("proveSeconds").asDouble();
      comparison.put("proved", false);
      comparison.put("reason", teacher.path("skipped").asText());
      comparison.put("estimate", teacher.path("estimate"));
      comparison.put("ratioIs", "estimated");
    } else {
      log.info(NAME + ": proving the teacher once for the speed-up comparison");
      CircuitFiles files = new CircuitFiles(compileDir.resolve(ZkCompileStage.TEACHER_DIR), "teacher");
      Path srs = Path.of(teacher.path("srs").path("file").asText());
      ProofRound round = ProofRound.run(ezkl, files, srs, features, 0, workspace.file("teacher"));
      teacherProveSeconds = round.prove().seconds();
      comparison.put("proved", true);
      comparison.put("proveSeconds", teacherProveSeconds);
      comparison.put("proofBytes", round.proofBytes());
      comparison.put("peakMemoryBytes", round.peakRssBytes());
      comparison.put("ratioIs", "measured");
    }
    double ratio = teacherProveSeconds / studentProve.mean();
    comparison.put("teacherOverStudentProveTime", ratio);
    log.info(String.format(Locale.ROOT, "%s: teacher/student prove time %.1fx (%s)", NAME, ratio, comparison.get("ratioIs")));
    return comparison;
  }

  private static Map<String, Object> evmVerifier(Ezkl ezkl, CircuitFiles student, Path srs, StageWorkspace workspace) {
    Path sol = workspace.file("Verifier.sol");
    Path abi = workspace.file("Verifier.abi");
    Path abiTmp = AtomicFiles.tempBeside(abi);
    EzklStep step = CircuitCompiler.produce(sol, solTmp -> ezkl.run("evm-verifier", CircuitCompiler.args("vk", student.vk(),
        "settings", student.settings(), "sol", solTmp, "abi", abiTmp, "srs", srs)));
    try {
      if (step.result().path("abi").asBoolean()) {
        AtomicFiles.move(abiTmp, abi);
      }
    } catch (IOException e) {
      throw new VeriRegimeException("Could not move the verifier ABI into " + abi + ": " + e.getMessage(), e);
    } finally {
      CircuitCompiler.deleteQuietly(abiTmp);
    }
    Map<String, Object> evm = new LinkedHashMap<>();
    evm.put("contract", sol.getFileName().toString());
    evm.put("abi", step.result().path("abi").asBoolean());
    if (!step.result().path("abi").asBoolean()) {
      evm.put("abiProblem", step.result().path("abiProblem").asText());
    }
    return evm;
  }

  private static Timings timings(List<ProofRound> rounds, ToDoubleFunction<ProofRound> seconds) {
    return new Timings(rounds.stream().mapToDouble(seconds).boxed().toList());
  }

  private static float[] row(Npy.FloatArray tensor, int index) {
    float[] row = new float[tensor.rowSize()];
    System.arraycopy(tensor.data(), index * row.length, row, 0, row.length);
    return row;
  }
}
