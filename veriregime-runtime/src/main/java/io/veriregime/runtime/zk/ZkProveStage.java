package io.veriregime.runtime.zk;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.ConfigView;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.experiment.ProvingSystem;
import io.veriregime.runtime.experiment.ZkConfig;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.stage.StageResult;
import io.veriregime.runtime.stage.Upstream;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * zk-prove: for the first zk.samples test samples, a round of witness, prove and verify (and, when
 * benchmarking with zk.timeSetupEachRound, a timed setup into scratch files) on the student circuit
 * zk-compile built with its keys; timings as mean ± standard
 * error, proof/key sizes, logrows, rows, peak memory of the prover processes, agreement between the
 * circuit's outputs and the float model's test logits, and a tamper check. The teacher, when
 * zk-compile set it up, is proved once for the speed-up comparison. Writes {@code zk/prove/} with
 * {@code proving.json} ({@link ProvingReport}), and the same for each compared backend of zk.backends
 * in {@link Layout#comparedProveDir}; each unit is a {@link ProvingRun}.
 */
public final class ZkProveStage implements Stage {

  static final String NAME = StageId.ZK_PROVE.goal();
  /** The fingerprint's name prefix of each zk-compile output the proofs were made from. */
  static final String COMPILED_INPUT = "zk-compile/";
  public static final String REPORT = "proving.json";

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

  static SortedMap<String, Object> proveConfiguration(ZkConfig zk, ProvingSystem system) {
    // shareSize, like cluster:, decides only how the proofs are spread, not what they are
    SortedMap<String, Object> view = ConfigView.without(zk, "budget", "teacher", "timeout", "ezkl", "groth16", "node", "backends",
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
    StageResult result = new ProvingRun(ctx, zk.primaryBackend(), layout.zkCompileDir(), layout.zkProveDir()).run();
    boolean upToDate = result.upToDate();
    for (ProvingSystem compared : zk.comparedBackends()) {
      upToDate &= new ProvingRun(ctx, compared, layout.comparedCompileDir(compared.yamlName()),
          layout.comparedProveDir(compared.yamlName())).run().upToDate();
    }
    return new StageResult(result.stage(), upToDate, result.directory(), result.manifest());
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

  /** A proof that does not verify stops the stage: nothing is reported as verified that was not. */
  static Verification verified(CompiledCircuit circuit, Proof proof, Verification verification, int sample) {
    if (!verification.verified()) {
      throw new VeriRegimeException("The " + circuit.model() + " proof for test sample " + sample + " (" + proof.file()
          + ") did not verify: " + verification.reason() + ". The circuit, its keys and the proof do not fit together;"
          + " run zk-compile and zk-prove again (-Dveriregime.force), and report it with "
          + circuit.dir() + " attached if it persists.");
    }
    return verification;
  }
}
