package io.veriregime.runtime.zk;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.execution.Engines;
import io.veriregime.runtime.execution.TaskEngine;
import io.veriregime.runtime.experiment.ProvingSystem;
import io.veriregime.runtime.experiment.ZkConfig;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.model.ModelFiles;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.Fingerprint;
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
import java.util.stream.IntStream;

/**
 * One zk-prove unit: the student circuit zk-compile wrote in {@code compileDir}, proved with one backend
 * into {@code proveDir}. {@link #run} is its steps in order: check the inputs and decide whether the
 * outputs are up to date, prove the samples, verify every proof, reject tampered copies, compare with
 * the teacher, write {@code proving.json}.
 */
final class ProvingRun {

  private final StageContext ctx;
  private final ProvingSystem system;
  private final Path compileDir;
  private final Path proveDir;
  private final ZkConfig zk;
  private final StageLog log;
  private final Layout layout;
  private final int threads;

  ProvingRun(StageContext ctx, ProvingSystem system, Path compileDir, Path proveDir) {
    this.ctx = ctx;
    this.system = system;
    this.compileDir = compileDir;
    this.proveDir = proveDir;
    this.zk = ctx.experiment().config().zk();
    this.log = ctx.log();
    this.layout = ctx.layout();
    this.threads = ctx.experiment().config().compute().effectiveThreads();
  }

  /** The samples proved, before they are verified. */
  private record Proved(List<Proof> proofs, List<Double> setupSeconds, ProvingReport.Throughput throughput) {}

  StageResult run() {
    Upstream compiled = Upstream.verify(compileDir, StageId.ZK_COMPILE, log);
    CompileSummary summary = compiledWithThisBackend();
    Path testFeatures = StageInputs.require(layout.features("test"), "test features", StageId.FETCH_DATA);
    Layout.StudentSource student = layout.studentSource();
    Path studentLogits = StageInputs.require(ModelFiles.testLogits(student.modelDir()), "the student's test logits",
        student.stage());
    Fingerprint fingerprint = fingerprint(compiled, summary, testFeatures, student, studentLogits);
    StageWorkspace workspace = ctx.workspace(ZkProveStage.NAME, proveDir);
    Optional<StageResult> reused = workspace.reuseOrBegin(fingerprint);
    if (reused.isPresent()) {
      // its manifest vouches for the files, not for which sample each proof is of
      ProvedSamples.require(proveDir, compileDir, Npy.readFloat(testFeatures), ZkProveStage.NAME);
      return reused.get();
    }
    if (system != zk.primaryBackend()) {
      log.info(ZkProveStage.NAME + ": proving the student with " + system.yamlName() + " too, for the report's"
          + " comparison (" + workspace.dir() + ")");
    }
    ProvingBackend backend = ProvingBackends.provision(system, ctx.experiment(), ctx.tools(ZkProveStage.NAME));
    Npy.FloatArray features = Npy.readFloat(testFeatures);
    ProofBatch batch = new ProofBatch(new CompiledCircuit("student", compileDir, summary.student().cost()),
        testFeatures, features, samples(features), workspace.dir());
    Proved proved = proveSamples(backend, batch);
    List<ProvingReport.Round> rounds = verifyAll(backend, batch, proved, Npy.readFloat(studentLogits));
    Path firstProof = proved.proofs().get(0).file();
    Map<String, String> tamper = tamperedProofsRejected(backend, batch.circuit(), firstProof, workspace.file("tamper"));
    ProvingReport.CircuitProofs studentProofs = ProvingReport.CircuitProofs.of(summary.student(),
        zk.timeSetupEachRound() ? ProvingReport.timings(rounds, ProvingReport.Round::setupSeconds)
            : new Timings(List.of(summary.student().setup().seconds())),
        rounds, size(firstProof), proved.throughput());
    Timings prove = ProvingReport.timings(rounds, ProvingReport.Round::proveSeconds);
    log.info(String.format(Locale.ROOT, "%s: student proofs verified; prove %s, proof %,d bytes, peak memory %,d MB",
        ZkProveStage.NAME, prove.format(), studentProofs.proofBytes(), studentProofs.peakMemoryBytes() >> 20));
    ProvingReport.TeacherComparison teacher = summary.teacher() == null ? null
        : new TeacherProof(backend, threads, log).compare(layout.zkTeacherCircuitDir(), summary.teacher(), features,
            ProvingReport.timings(rounds, ProvingReport.Round::proveCpuSeconds), workspace.file("teacher"));
    ProvingReport report = new ProvingReport(backend.name(), backend.version(), summary.student().srs(), true,
        studentProofs, tamper, teacher,
        zk.evm() ? backend.evmVerifier(batch.circuit(), workspace.dir(), firstProof) : null);
    JsonFiles.write(workspace.file(ZkProveStage.REPORT), report);
    return workspace.complete(fingerprint, metrics(rounds.size(), prove, studentProofs, teacher));
  }

  /** zk-compile's summary, refused when another backend compiled the circuit (zk.backends reordered since). */
  private CompileSummary compiledWithThisBackend() {
    CompileSummary summary = ZkCompileStage.readSummary(compileDir);
    if (!summary.backend().equals(system.yamlName())) {
      throw new VeriRegimeException(ZkProveStage.NAME + ": " + compileDir + " holds the circuit zk-compile made with "
          + summary.backend() + ", but this unit proves with " + system.yamlName() + " (zk.backend, or the"
          + " order of zk.backends). Run zk-compile before zk-prove (the verify phase runs both).");
    }
    return summary;
  }

  /** The configuration, the test windows, the student's logits, every zk-compile output proved from, the tools. */
  private Fingerprint fingerprint(Upstream compiled, CompileSummary summary, Path testFeatures,
                                  Layout.StudentSource student, Path studentLogits) {
    Fingerprint.Builder builder = Fingerprint.builder()
        .config("configuration", ZkProveStage.proveConfiguration(zk, system))
        .input("test.features", Upstream.verify(layout.dataDir(), StageId.FETCH_DATA, log), testFeatures)
        .input("student.test.logits", Upstream.verify(student.stageDir(), student.stage(), log), studentLogits)
        .tool(system.yamlName(), ProvingBackends.pinnedVersion(system));
    compiled.manifest().outputs().forEach((file, sha256) -> builder.inputHash(ZkProveStage.COMPILED_INPUT + file, sha256));
    if (summary.teacher() != null) {
      Upstream.verify(layout.zkTeacherCircuitDir(), StageId.ZK_COMPILE, log).manifest().outputs()
          .forEach((file, sha256) -> builder.inputHash("zk-compile-teacher/" + file, sha256));
    }
    return builder.build();
  }

  /** The first zk.samples test windows. */
  private List<Integer> samples(Npy.FloatArray features) {
    int samples = zk.samples().of(features.rows());
    if (samples > features.rows()) {
      throw ctx.experiment().error("zk.samples", "is " + samples + " but the test split has " + features.rows()
          + " windows", "Use at most " + features.rows() + ", or all.");
    }
    return IntStream.range(0, samples).boxed().toList();
  }

  /**
   * Benchmarking (zk.timeSetupEachRound): one round per sample, each with a timed setup; otherwise the
   * samples as a farm of shares through the execution engine, timed as a whole.
   */
  private Proved proveSamples(ProvingBackend backend, ProofBatch batch) {
    if (zk.timeSetupEachRound()) {
      List<Proof> proofs = new ArrayList<>();
      List<Double> setupSeconds = new ArrayList<>();
      for (int sample : batch.samples()) {
        log.info(String.format(Locale.ROOT, "%s: round %d/%d (test sample %d)", ZkProveStage.NAME, sample + 1,
            batch.samples().size(), sample));
        setupSeconds.add(timedSetup(backend, batch.circuit(), batch.stageDir()));
        proofs.addAll(backend.proveAll(batch.circuit(), batch.features(), List.of(sample), batch::sampleDir,
            ProverPool.single(threads)));
      }
      return new Proved(proofs, setupSeconds, null);
    }
    long started = System.nanoTime();
    ProvingFarm.Result farmed;
    try (TaskEngine engine = Engines.open(ctx.experiment(), log)) {
      farmed = new ProvingFarm(ctx.experiment(), engine, threads, log).prove(backend, batch);
    }
    double wallSeconds = (System.nanoTime() - started) / 1e9;
    ProvingReport.Throughput throughput = ProvingReport.Throughput.of(farmed.plan(), farmed.proofs(), wallSeconds,
        farmed.farm());
    log.info(String.format(Locale.ROOT, "%s: %d proofs in %.1f s, %.1f proofs per minute (%s)", ZkProveStage.NAME,
        throughput.proofs(), wallSeconds, throughput.proofsPerMinute(), farmed.plan().reason()));
    return new Proved(farmed.proofs(), null, throughput);
  }

  /** One verifier process for every proof; a proof that does not verify stops the stage. */
  private List<ProvingReport.Round> verifyAll(ProvingBackend backend, ProofBatch batch, Proved proved,
                                              Npy.FloatArray logits) {
    List<Proof> proofs = proved.proofs();
    List<Verification> verifications = backend.verifyAll(batch.circuit(), proofs.stream().map(Proof::file).toList());
    return IntStream.range(0, proofs.size()).mapToObj(i -> {
      int sample = batch.samples().get(i);
      return ProvingReport.Round.of(sample, batch.stageDir().relativize(batch.sampleDir(sample)).toString(),
          proved.setupSeconds() == null ? null : proved.setupSeconds().get(i), proofs.get(i),
          ZkProveStage.verified(batch.circuit(), proofs.get(i), verifications.get(i), sample), logits.row(sample));
    }).toList();
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

  /** Soundness self-check: every tampered copy of a valid proof must be rejected, or nothing proved means anything. */
  private Map<String, String> tamperedProofsRejected(ProvingBackend backend, CompiledCircuit circuit, Path validProof,
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
    log.info(ZkProveStage.NAME + ": tampered proofs rejected: " + rejected);
    return rejected;
  }

  /** The manifest's figures: what a glance at the stage's result needs. */
  private static Map<String, Object> metrics(int samples, Timings prove, ProvingReport.CircuitProofs student,
                                             ProvingReport.TeacherComparison teacher) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("verified", true);
    metrics.put("samples", samples);
    metrics.put("studentProveMeanSeconds", prove.mean());
    metrics.put("studentProveStandardErrorSeconds", prove.standardError());
    metrics.put("studentPeakMemoryBytes", student.peakMemoryBytes());
    metrics.put("studentMaxAbsError", student.maxAbsError());
    metrics.put("studentArgmaxAgreement", student.argmaxAgreement());
    if (teacher != null) {
      metrics.put("teacherOverStudentProveTime", teacher.teacherOverStudentProveTime());
    }
    return metrics;
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
