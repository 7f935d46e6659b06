package io.veriregime.runtime.zk;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.execution.TaskFunction;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.StepFigures;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One share's proofs, made wherever the engine runs it, into a scratch directory of that attempt's
 * own. Serializable, so a cluster engine can ship it: on this machine it uses the backend and the
 * features the driver already holds; where it arrives without them (an executor), it provisions the
 * backend offline from the experiment (the executor's tools are checked by hash as the driver's are,
 * never downloaded there) and reads the test features from their file. Every path must then be one the
 * executor sees (cluster.workDir).
 */
final class ShareProver implements TaskFunction<List<Integer>, List<ShareProver.Proved>> {

  private static final long serialVersionUID = 2L;
  /** In the scratch directory: the token of the job, written by the driver before any share runs. */
  static final String DRIVER_TOKEN = "driver-token";
  /** A token is a UUID; a longer file is not the driver's and is not read further. */
  private static final int TOKEN_LIMIT = 64;

  /** A proof as it travels back to the driver: {@link Proof} with its file as text. */
  record Proved(int sample, String file, double[] outputs, long proofBytes, StepFigures witness, StepFigures prove)
      implements Serializable {

    Proof toProof() {
      return new Proof(Path.of(file), outputs, proofBytes, witness, prove);
    }
  }

  private final String experimentFile;
  private final TreeMap<String, String> overrides;
  private final String backendName;
  private final String model;
  private final String circuitDir;
  private final CircuitCost cost;
  private final String featuresFile;
  private final String scratchDir;
  private final int threads;
  private final String token;
  private transient ProvingBackend backend;
  private transient Npy.FloatArray features;

  /**
   * @param backend the driver's provisioned backend, used where the function runs in the driver's JVM
   * @param features the test features as the driver read them from {@code featuresFile}
   * @param scratchDir where each attempt proves, {@code <first window>-attempt-<n>/sample-N/}
   * @param threads CPU threads of each share's prover
   * @param token what the driver wrote into {@code scratchDir}'s {@link #DRIVER_TOKEN} for this job
   */
  ShareProver(Experiment experiment, ProvingBackend backend, CompiledCircuit circuit, Path featuresFile,
              Npy.FloatArray features, Path scratchDir, int threads, String token) {
    this.experimentFile = experiment.file().toAbsolutePath().toString();
    this.overrides = new TreeMap<>(experiment.overrides());
    this.backendName = backend.name();
    this.model = circuit.model();
    this.circuitDir = circuit.dir().toAbsolutePath().toString();
    this.cost = circuit.cost();
    this.featuresFile = featuresFile.toAbsolutePath().toString();
    this.scratchDir = scratchDir.toAbsolutePath().toString();
    this.threads = threads;
    this.token = token;
    this.backend = backend;
    this.features = features;
  }

  /** The directory an attempt of the share starting at {@code firstWindow} proves into. */
  static Path attemptDir(Path scratchDir, int firstWindow, int attempt) {
    return scratchDir.resolve(firstWindow + "-attempt-" + attempt);
  }

  @Override
  public List<Proved> apply(List<Integer> share, Attempt attempt) {
    requireDriversFiles(attempt);
    Path attemptDir = attemptDir(Path.of(scratchDir), share.get(0), attempt.number());
    ScratchFiles.deleteTree(attemptDir);
    CompiledCircuit circuit = new CompiledCircuit(model, Path.of(circuitDir), cost);
    return backend().proveAll(circuit, features(), share, sample -> attemptDir.resolve("sample-" + sample),
            ProverPool.single(threads)).stream()
        .map(proof -> new Proved(sampleOf(proof), proof.file().toString(), proof.outputs(), proof.proofBytes(),
            proof.witness(), proof.prove()))
        .toList();
  }

  /**
   * Whether this executor sees the files of this build: the job's token where the driver wrote it. An
   * executor whose cluster.workDir is a directory of its own machine (not the shared mount) would
   * otherwise fail on a missing circuit, or prove from another build's files.
   */
  private void requireDriversFiles(Attempt attempt) {
    Path file = Path.of(scratchDir).resolve(DRIVER_TOKEN);
    String seen;
    try (InputStream in = Files.newInputStream(file)) {
      seen = new String(in.readNBytes(TOKEN_LIMIT), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      seen = null;
    }
    if (!token.equals(seen)) {
      throw new VeriRegimeException(attempt.executor() + " does not see this build's files: " + file
          + (seen == null ? " is not there" : " belongs to another build")
          + ". cluster.workDir must be one shared filesystem (NFS, a shared volume), mounted at the same path on the"
          + " build machine and on every executor; mount it there and run the build again.");
    }
  }

  private static int sampleOf(Proof proof) {
    String dir = proof.file().getParent().getFileName().toString();
    return Integer.parseInt(dir.substring("sample-".length()));
  }

  private synchronized ProvingBackend backend() {
    if (backend == null) {
      Experiment experiment = ExperimentLoader.load(Path.of(experimentFile), Map.copyOf(overrides));
      backend = ProvingBackends.provision(ProvingBackends.named(backendName), experiment, true, Proxies.NONE,
          StageLog.silent());
    }
    return backend;
  }

  private synchronized Npy.FloatArray features() {
    if (features == null) {
      features = Npy.readFloat(Path.of(featuresFile));
    }
    return features;
  }
}
