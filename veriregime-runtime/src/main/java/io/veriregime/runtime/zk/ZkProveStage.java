package io.veriregime.runtime.zk;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.execution.Engines;
import io.veriregime.runtime.execution.TaskEngine;
import io.veriregime.runtime.experiment.ConfigView;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.experiment.ProvingSystem;
import io.veriregime.runtime.experiment.ZkConfig;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.Fingerprint;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.StageWorkspace;
import io.veriregime.runtime.stage.Upstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * zk-prove: for the first zk.samples test samples, a round of witness, prove and verify (and, when
 * benchmarking with zk.timeSetupEachRound, a timed setup into scratch files) on the student circuit
 * zk-compile built with its keys; timings as mean ± standard
 * error, proof/key sizes, logrows, rows, peak memory of the prover processes, agreement between the
 * circuit's outputs and the float model's test logits, and a tamper check. The teacher, when
 * zk-compile set it up, is proved once for the speed-up comparison. Writes {@code zk/prove/} with
 * {@code proving.json} ({@link ProvingReport}), and the same for each compared backend of zk.backends
 * in {@link Layout#comparedProveDir}.
 */
public final class ZkProveStage implements Stage {

  static final String NAME = StageId.ZK_PROVE.goal();
  /** The fingerprint's name prefix of each zk-compile output the proofs were made from. */
  private static final String COMPILED_INPUT = "zk-compile/";
  public static final String REPORT = "proving.json";
  private static final String PEAK_MEMORY_SOURCE = "VmHWM from /proc/self/status of each prover process (getrusage"
      + " ru_maxrss where there is no /proc), maximum over witness/prove/verify";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The backends, and how many samples to prove and whether to write an EVM verifier; the circuits
   * come from zk-compile's outputs.
   */
  @Override
  public Object configuration(ExperimentConfig config) {
    ZkConfig zk = config.zk();
    SortedMap<String, Object> view = proveConfiguration(zk, zk.primaryBackend());
    zk.comparedBackends().forEach(compared -> view.put("compared." + compared.yamlName(),
        proveConfiguration(zk, compared)));
    return view;
  }

  private static SortedMap<String, Object> proveConfiguration(ZkConfig zk, ProvingSystem system) {
    // shareSize, like cluster:, decides only how the proofs are spread, not what they are
    SortedMap<String, Object> view = ConfigView.without(zk, "budget", "teacher", "timeout", "ezkl", "groth16", "backends",
        "shareSize");
    view.put("backend", system);
    return view;
  }

  /**
   * Proves the primary backend's circuit ({@code zk/compile/} into {@code zk/prove/}), then each
   * compared backend's ({@link Layout#comparedCompileDir} into {@link Layout#comparedProveDir}), each
   * a unit with its own fingerprint and manifest. The result is the primary unit's, up to date only
   * when every unit was.
   */
  @Override
  public StageResult run(StageContext ctx) {
    ZkConfig zk = ctx.experiment().config().zk();
    Layout layout = ctx.layout();
    StageResult result = proveStudent(ctx, zk.primaryBackend(), layout.zkCompileDir(), layout.zkProveDir());
    boolean upToDate = result.upToDate();
    for (ProvingSystem compared : zk.comparedBackends()) {
      upToDate &= proveStudent(ctx, compared, layout.comparedCompileDir(compared.yamlName()),
          layout.comparedProveDir(compared.yamlName())).upToDate();
    }
    return new StageResult(result.stage(), upToDate, result.directory(), result.manifest());
  }

  /** One backend's unit: proves the student circuit zk-compile wrote in {@code compileDir} into {@code proveDir}. */
  private static StageResult proveStudent(StageContext ctx, ProvingSystem system, Path compileDir, Path proveDir) {
    ZkConfig zk = ctx.experiment().config().zk();
    StageLog log = ctx.log();
    Layout layout = ctx.layout();
    Upstream compiled = Upstream.verify(compileDir, StageId.ZK_COMPILE, log);
    CompileSummary compileSummary = ZkCompileStage.readSummary(compileDir);
    if (!compileSummary.backend().equals(system.yamlName())) {
      // zk.backends reordered or zk.backend changed since zk-compile ran: these files are another system's
      throw new VeriRegimeException(NAME + ": " + compileDir + " holds the circuit zk-compile made with "
          + compileSummary.backend() + ", but this unit proves with " + system.yamlName() + " (zk.backend, or the"
          + " order of zk.backends). Run zk-compile before zk-prove (the verify phase runs both).");
    }
    Path testFeatures = StageInputs.require(layout.features("test"), "test features", StageId.FETCH_DATA);
    Layout.StudentSource studentSource = layout.studentSource();
    Path studentLogits = StageInputs.require(ModelFiles.testLogits(studentSource.modelDir()),
        "the student's test logits", studentSource.stage());

    Fingerprint.Builder builder = Fingerprint.builder().config("configuration", proveConfiguration(zk, system))
        .input("test.features", Upstream.verify(layout.dataDir(), StageId.FETCH_DATA, log), testFeatures)
        .input("student.test.logits", Upstream.verify(studentSource.stageDir(), studentSource.stage(), log), studentLogits)
        .tool(system.yamlName(), ProvingBackends.pinnedVersion(system));
    compiled.manifest().outputs().forEach((file, sha256) -> builder.inputHash(COMPILED_INPUT + file, sha256));
    if (compileSummary.teacher() != null) {
      Upstream.verify(layout.zkTeacherCircuitDir(), StageId.ZK_COMPILE, log).manifest().outputs()
          .forEach((file, sha256) -> builder.inputHash("zk-compile-teacher/" + file, sha256));
    }
    Fingerprint fingerprint = builder.build();
    StageWorkspace workspace = ctx.workspace(NAME, proveDir);
    Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
    if (reused.isPresent()) {
      // its manifest vouches for the files, not for which sample each proof is of
      ProvedSamples.require(proveDir, compileDir, Npy.readFloat(testFeatures), NAME);
      return reused.get();
    }
    if (system != zk.primaryBackend()) {
      log.info(NAME + ": proving the student with " + system.yamlName() + " too, for the report's comparison ("
          + workspace.dir() + ")");
    }

    ProvingBackend backend = ProvingBackends.provision(system, ctx.experiment(), ctx.offline(), ctx.proxies(),
        log.prefixed(NAME + ": "));
    Npy.FloatArray features = Npy.readFloat(testFeatures);
    Npy.FloatArray logits = Npy.readFloat(studentLogits);
    CompiledCircuit student = new CompiledCircuit("student", compileDir, compileSummary.student().cost());
    int samples = zk.samples().of(features.rows());
    if (samples > features.rows()) {
      throw ctx.experiment().error("zk.samples", "is " + samples + " but the test split has " + features.rows()
          + " windows", "Use at most " + features.rows() + ", or all.");
    }

    int threads = ctx.experiment().config().compute().effectiveThreads();
    List<Integer> sampleList = IntStream.range(0, samples).boxed().toList();
    IntFunction<Path> roundDir = sample -> workspace.file("sample-" + sample);
    List<Proof> proofs = new ArrayList<>();
    List<Double> setupSeconds = new ArrayList<>();
    ProvingReport.Throughput throughput = null;
    if (zk.timeSetupEachRound()) {
      for (int sample : sampleList) {
        log.info(String.format(Locale.ROOT, "%s: round %d/%d (test sample %d)", NAME, sample + 1, samples, sample));
        setupSeconds.add(timedSetup(backend, student, workspace.dir()));
        proofs.addAll(backend.proveAll(student, features, List.of(sample), roundDir, ProverPool.single(threads)));
      }
    } else {
      long started = System.nanoTime();
      ProvingFarm.Result farmed;
      try (TaskEngine engine = Engines.open(ctx.experiment(), log)) {
        farmed = ProvingFarm.prove(ctx.experiment(), backend, student, testFeatures, features, sampleList, roundDir,
            workspace.dir(), threads, engine, log);
      }
      proofs.addAll(farmed.proofs());
      double wallSeconds = (System.nanoTime() - started) / 1e9;
      ProverPlan plan = farmed.plan();
      throughput = new ProvingReport.Throughput(plan.pool().processes(), plan.pool().threadsPerProcess(), plan.reason(),
          proofs.size(), wallSeconds, proofs.size() / wallSeconds * 60,
          proofs.stream().mapToLong(proof -> proof.prove().peakMemoryBytes()).max().orElseThrow(), farmed.farm());
      log.info(String.format(Locale.ROOT, "%s: %d proofs in %.1f s, %.1f proofs per minute (%s)", NAME, proofs.size(),
          wallSeconds, throughput.proofsPerMinute(), plan.reason()));
    }
    List<Verification> verifications = backend.verifyAll(student, proofs.stream().map(Proof::file).toList());
    List<ProvingReport.Round> rounds = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      int sample = sampleList.get(i);
      rounds.add(round(sample, workspace.dir().relativize(roundDir.apply(sample)).toString(),
          setupSeconds.isEmpty() ? null : setupSeconds.get(i), proofs.get(i),
          verified(student, proofs.get(i), verifications.get(i), sample), logits.row(sample)));
    }
    Map<String, String> tamper = tamperedProofsRejected(backend, student,
        workspace.file(rounds.get(0).directory()).resolve("proof.json"), workspace.file("tamper"));
    log.info(NAME + ": tampered proofs rejected: " + tamper);

    ProvingReport.CircuitProofs studentProofs = circuitProofs(compileSummary.student(), rounds, zk.timeSetupEachRound(),
        workspace.file(rounds.get(0).directory()).resolve("proof.json"), throughput);
    Timings prove = timings(rounds, ProvingReport.Round::proveSeconds);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("verified", true);
    metrics.put("samples", samples);
    metrics.put("studentProveMeanSeconds", prove.mean());
    metrics.put("studentProveStandardErrorSeconds", prove.standardError());
    metrics.put("studentPeakMemoryBytes", studentProofs.peakMemoryBytes());
    metrics.put("studentMaxAbsError", studentProofs.maxAbsError());
    metrics.put("studentArgmaxAgreement", studentProofs.argmaxAgreement());
    log.info(String.format(Locale.ROOT, "%s: student proofs verified; prove %s, proof %,d bytes, peak memory %,d MB",
        NAME, prove.format(), studentProofs.proofBytes(), studentProofs.peakMemoryBytes() >> 20));

    ProvingReport.TeacherComparison teacher = null;
    if (compileSummary.teacher() != null) {
      teacher = teacherComparison(backend, layout.zkTeacherCircuitDir(), compileSummary.teacher(), features,
          timings(rounds, ProvingReport.Round::proveCpuSeconds), threads, workspace, log);
      metrics.put("teacherOverStudentProveTime", teacher.teacherOverStudentProveTime());
    }
    ProvingReport report = new ProvingReport(backend.name(), backend.version(), compileSummary.student().srs(), true,
        studentProofs, tamper, teacher, zk.evm() ? backend.evmVerifier(student, workspace.dir(),
        workspace.file(rounds.get(0).directory()).resolve("proof.json")) : null);
    JsonFiles.write(workspace.file(REPORT), report);
    return workspace.complete(fingerprint, metrics);
  }

  /**
   * Refuses, for {@code stage}, proofs zk-prove recorded in {@code proved} that are not of the circuit
   * {@code compiled} holds (zk-prove's fingerprint took every output of that zk-compile unit, so a
   * zk-compile run since, another circuit or new keys, shows as a difference), or not of the samples
   * they are recorded for ({@link ProvedSamples}: their public values against the windows in
   * {@code testFeatures}, fetch-data's, and the claimed outputs).
   */
  public static void requireProvedFrom(Upstream proved, Upstream compiled, Path testFeatures, String stage) {
    if (!provedFrom(proved, compiled)) {
      throw new VeriRegimeException(stage + ": zk-prove's proofs in " + proved.dir() + " were made from another"
          + " circuit or keys than zk-compile's in " + compiled.dir() + " (zk-compile ran since). Run zk-prove before "
          + stage + " (the verify phase runs it).");
    }
    ProvedSamples.require(proved.dir(), compiled.dir(),
        Npy.readFloat(StageInputs.require(testFeatures, "test features", StageId.FETCH_DATA)), stage);
  }

  /** Whether zk-prove's checked outputs are proofs of the circuit and keys in zk-compile's checked outputs. */
  public static boolean provedFrom(Upstream proved, Upstream compiled) {
    SortedMap<String, String> recorded = new TreeMap<>();
    proved.manifest().inputs().forEach((name, sha256) -> {
      if (name.startsWith(COMPILED_INPUT)) {
        recorded.put(name.substring(COMPILED_INPUT.length()), sha256);
      }
    });
    return recorded.equals(compiled.manifest().outputs());
  }

  /** {@code proving.json} of a zk-prove directory, read only as its record (check the directory with {@code Upstream.verify} first). */
  public static ProvingReport readReport(Path proveDir) {
    return JsonFiles.read(proveDir.resolve(REPORT), ProvingReport.class);
  }

  /**
   * Times a setup of the same circuit into scratch files (setup is deterministic for a circuit
   * and its setup material, so the published keys stay the ones zk-compile wrote) and deletes them.
   */
  private static double timedSetup(ProvingBackend backend, CompiledCircuit circuit, Path dir) {
    Path scratch = dir.resolve(".setup-scratch");
    try {
      Files.createDirectories(scratch);
      return backend.setup(circuit, scratch).figures().seconds();
    } catch (IOException e) {
      throw new VeriRegimeException("Could not create " + scratch + ": " + e.getMessage(), e);
    } finally {
      ScratchFiles.deleteTree(scratch);
    }
  }

  /** A proof that does not verify stops the stage: nothing is reported as verified that was not. */
  private static Verification verified(CompiledCircuit circuit, Proof proof, Verification verification, int sample) {
    if (!verification.verified()) {
      throw new VeriRegimeException("The " + circuit.model() + " proof for test sample " + sample + " (" + proof.file()
          + ") did not verify: " + verification.reason() + ". The circuit, its keys and the proof do not fit together;"
          + " run zk-compile and zk-prove again (-Dveriregime.force), and report it with "
          + circuit.dir() + " attached if it persists.");
    }
    return verification;
  }

  /** Soundness self-check: every tampered copy of a valid proof must be rejected, or nothing proved means anything. */
  private static Map<String, String> tamperedProofsRejected(ProvingBackend backend, CompiledCircuit circuit, Path validProof,
                                                            Path dir) {
    Map<String, String> rejected = new LinkedHashMap<>();
    backend.tamperedCopies(validProof, dir).forEach((tampering, tampered) -> {
      Verification verification = backend.verify(circuit, tampered);
      if (verification.verified()) {
        throw new VeriRegimeException("SOUNDNESS FAILURE: the tampered proof " + tampered + " (" + tampering
            + ") was accepted by " + backend.name() + "'s verifier. Do not trust any proof from this setup; check the"
            + " setup material and the " + backend.name() + " installation.");
      }
      rejected.put(tampering, verification.reason());
    });
    return rejected;
  }

  private static ProvingReport.Round round(int sample, String directory, Double setupSeconds, Proof proof,
                                           Verification verification, float[] floatLogits) {
    double[] outputs = proof.outputs();
    double maxAbsError = 0;
    for (int i = 0; i < outputs.length; i++) {
      maxAbsError = Math.max(maxAbsError, Math.abs(outputs[i] - floatLogits[i]));
    }
    long peak = Math.max(proof.witness().peakMemoryBytes(),
        Math.max(proof.prove().peakMemoryBytes(), verification.figures().peakMemoryBytes()));
    return new ProvingReport.Round(sample, directory, setupSeconds, proof.witness().seconds(), proof.prove().seconds(),
        proof.prove().cpuSeconds(), verification.figures().seconds(), peak, proof.proofBytes(), true, outputs, floatLogits, maxAbsError,
        ClassificationMetrics.argmax(outputs) == ClassificationMetrics.argmax(widen(floatLogits)));
  }

  /**
   * @param setupEachRound whether the rounds timed a setup each; otherwise the setup figure is the
   *     one zk-compile measured when it made the keys these proofs used
   */
  private static ProvingReport.CircuitProofs circuitProofs(CompileSummary.Circuit compiled, List<ProvingReport.Round> rounds,
                                                           boolean setupEachRound, Path firstProof,
                                                           ProvingReport.Throughput throughput) {
    Timings setup = setupEachRound ? timings(rounds, ProvingReport.Round::setupSeconds)
        : new Timings(List.of(compiled.setup().seconds()));
    double maxAbsError = rounds.stream().mapToDouble(ProvingReport.Round::maxAbsError).max().orElseThrow();
    long agreeing = rounds.stream().filter(ProvingReport.Round::argmaxAgrees).count();
    return new ProvingReport.CircuitProofs(compiled.logrows(), compiled.rows(), compiled.setup().vkBytes(),
        compiled.setup().pkBytes(), rounds.get(0).proofBytes(), size(firstProof),
        setup.summary(),
        timings(rounds, ProvingReport.Round::witnessSeconds).summary(),
        timings(rounds, ProvingReport.Round::proveSeconds).summary(),
        timings(rounds, ProvingReport.Round::proveCpuSeconds).summary(),
        timings(rounds, ProvingReport.Round::verifySeconds).summary(),
        rounds.stream().mapToLong(ProvingReport.Round::proveProcessPeakMemoryBytes).max().orElseThrow(),
        PEAK_MEMORY_SOURCE, maxAbsError, (double) agreeing / rounds.size(), throughput, rounds);
  }

  /**
   * The teacher's proving cost against the student's, in CPU seconds (what a proof costs, which
   * other work on the machine stretches far less than wall time): measured with one proof when
   * zk-compile set the teacher up, otherwise zk-compile's estimate (and why it was not attempted).
   */
  private static ProvingReport.TeacherComparison teacherComparison(ProvingBackend backend, Path teacherDir,
      CompileSummary.Circuit teacher, Npy.FloatArray features, Timings studentProveCpu, int threads,
      StageWorkspace workspace, StageLog log) {
    ProvingReport.TeacherComparison comparison;
    if (teacher.skipped() != null) {
      comparison = new ProvingReport.TeacherComparison(teacher.logrows(), teacher.rows(), false, teacher.skipped(),
          teacher.estimate(), null, null, null, null, "estimated",
          teacher.estimate().proveCpuSeconds() / studentProveCpu.mean());
    } else {
      log.info(NAME + ": proving the teacher once for the speed-up comparison");
      CompiledCircuit circuit = new CompiledCircuit("teacher", teacherDir, teacher.cost());
      Proof proof = backend.proveAll(circuit, features, List.of(0), sample -> workspace.file("teacher"),
          ProverPool.single(threads)).get(0);
      Verification verification = verified(circuit, proof, backend.verify(circuit, proof.file()), 0);
      long peak = Math.max(proof.witness().peakMemoryBytes(),
          Math.max(proof.prove().peakMemoryBytes(), verification.figures().peakMemoryBytes()));
      comparison = new ProvingReport.TeacherComparison(teacher.logrows(), teacher.rows(), true, null, teacher.estimate(),
          proof.prove().seconds(), proof.prove().cpuSeconds(), proof.proofBytes(), peak, "measured",
          proof.prove().cpuSeconds() / studentProveCpu.mean());
      log.info(String.format(Locale.ROOT, "%s: teacher proof %.1f CPU s, %,d MB peak; estimated %.1f CPU s, %,d MB", NAME,
          proof.prove().cpuSeconds(), peak >> 20, teacher.estimate().proveCpuSeconds(),
          teacher.estimate().peakMemoryBytes() >> 20));
    }
    log.info(String.format(Locale.ROOT, "%s: teacher/student prove CPU time %.1fx (%s)", NAME,
        comparison.teacherOverStudentProveTime(), comparison.ratioIs()));
    return comparison;
  }

  private static Timings timings(List<ProvingReport.Round> rounds, ToDoubleFunction<ProvingReport.Round> seconds) {
    return new Timings(rounds.stream().mapToDouble(seconds).boxed().toList());
  }

  private static double[] widen(float[] values) {
    double[] widened = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      widened[i] = values[i];
    }
    return widened;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read the size of " + file + ": " + e.getMessage()
          + ". Check the disk and run the build again.", e);
    }
  }
}
