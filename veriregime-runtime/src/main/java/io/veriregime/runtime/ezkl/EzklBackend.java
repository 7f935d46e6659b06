package io.veriregime.runtime.ezkl;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.EzklConfig;
import io.veriregime.runtime.experiment.Visibility;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.node.Evm;
import io.veriregime.runtime.node.NodeTools;
import io.veriregime.runtime.execution.Shares;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.CircuitFileRoles;
import io.veriregime.runtime.proving.ProofClaims;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.proving.KeySetup;
import io.veriregime.runtime.proving.ModelBinding;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.SetupMaterial;
import io.veriregime.runtime.proving.StepFigures;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * EZKL (Halo2 with KZG) behind the proving seam: gen-settings → calibrate-settings →
 * compile-circuit, an SRS (generated for development, or a trusted file), setup, witness, prove,
 * verify, all through the pinned {@code ezkl} Python package ({@link Ezkl}).
 */
public final class EzklBackend implements ProvingBackend {

  public static final String NAME = "ezkl";

  private final Ezkl ezkl;
  /** Node.js and the in-process EVM that measures the Solidity verifier: provisioned on first use (zk.evm). */
  private final Supplier<NodeTools> nodeTools;
  private final SrsSource srs;
  private final CircuitCompiler compiler;
  private final int calibrationSamples;
  private final Visibility outputVisibility;
  private final StageLog log;
  /** compute.threads: a verifier is one process, given all of them. */
  private final int verifierThreads;

  private EzklBackend(Ezkl ezkl, SrsSource srs, CircuitCompiler compiler, Experiment experiment,
                      Supplier<NodeTools> nodeTools, StageLog log) {
    EzklConfig config = experiment.config().zk().ezkl();
    this.nodeTools = nodeTools;
    this.log = log;
    this.verifierThreads = experiment.config().compute().effectiveThreads();
    this.ezkl = ezkl;
    this.srs = srs;
    this.compiler = compiler;
    this.calibrationSamples = config.calibrationSamples();
    this.outputVisibility = config.outputVisibility();
  }

  /**
   * Checks the configured SRS, then finds or installs the pinned EZKL (never online when
   * {@code offline}; through {@code proxies} otherwise).
   */
  public static EzklBackend provision(Experiment experiment, boolean offline, Proxies proxies, StageLog log) {
    SrsSource srs = SrsSource.of(experiment, log);
    Ezkl ezkl = Ezkl.provision(experiment, offline, proxies, log);
    Supplier<NodeTools> nodeTools = new Supplier<>() {
      private NodeTools provisioned;

      @Override
      public synchronized NodeTools get() {
        if (provisioned == null) {
          provisioned = NodeTools.provision(experiment, offline, proxies, log);
        }
        return provisioned;
      }
    };
    return new EzklBackend(ezkl, srs, new CircuitCompiler(ezkl, experiment, log), experiment, nodeTools, log);
  }

  /** Whether a proof is of its sample: its public instances against the sample's window and claimed outputs. */
  public static ProofClaims proofClaims() {
    return EzklInstances.CLAIMS;
  }

  /** Which of a circuit directory's files verifying, proving and publishing need (known without provisioning EZKL). */
  public static CircuitFileRoles circuitFileRoles() {
    return CircuitFiles.ROLES;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return ezkl.version();
  }

  @Override
  public CompiledCircuit compile(String model, Path modelDir, Path onnx, Npy.FloatArray calibration, Path dir,
                                 String configKey) {
    CircuitFiles files = new CircuitFiles(dir, model);
    EzklInput.write(files.calibrationData(), calibration, 0, Math.min(calibrationSamples, calibration.rows()));
    CircuitSettings settings = compiler.compile(files, onnx, configKey);
    return new CompiledCircuit(model, dir, cost(settings));
  }

  @Override
  public CircuitCost uncalibratedCost(String model, Path onnx, Path dir) {
    return cost(compiler.uncalibrated(new CircuitFiles(dir, model), onnx));
  }

  private static CircuitCost cost(CircuitSettings settings) {
    return CircuitCost.halo2(settings.logrows(), settings.numRows(), settings.totalAssignments(), settings.inputScale(),
        settings.paramScale());
  }

  @Override
  public CompiledCircuit resize(CompiledCircuit circuit, Path onnx, int logrows, Path dir) {
    CircuitSettings settings = compiler.resize(files(circuit), new CircuitFiles(dir, circuit.model()), onnx, logrows);
    return new CompiledCircuit(circuit.model(), dir, cost(settings));
  }

  @Override
  public SetupMaterial prepareSetupMaterial(CompiledCircuit circuit) {
    return srs.prepare(new CircuitFiles(circuit.dir(), circuit.model()), circuit.cost().logrows(), ezkl);
  }

  @Override
  public KeySetup setup(CompiledCircuit circuit, Path keyDir) {
    Path vk = CircuitFiles.vk(keyDir);
    Path pk = CircuitFiles.pk(keyDir);
    EzklStep step = compiler.setup(files(circuit).compiled(), vk, pk, srsFile(circuit));
    return new KeySetup(figures(step), size(vk), size(pk));
  }

  /**
   * EZKL's keys follow from the circuit and the SRS (KZG key generation draws nothing random), so the
   * bundled model compiled with the bundled settings and set up with the SRS the keys were made with
   * must give the bundled verifying key byte for byte. (The compiled circuit file itself is not
   * byte-reproducible, so it is the key that is compared.) The SRS is the one
   * {@link #checkSetupMaterial} accepted for {@code recorded}.
   */
  @Override
  public ModelBinding bindToModel(CompiledCircuit circuit, Path onnx, SetupMaterial recorded, Path scratch) {
    CircuitFiles files = files(circuit);
    Path compiled = scratch.resolve("model.compiled");
    Path vk = CircuitFiles.vk(scratch);
    compiler.compileWith(onnx, files.settings(), compiled);
    compiler.setup(compiled, vk, CircuitFiles.pk(scratch), srsFile(circuit));
    String what = "the verifying key derived again from " + onnx.getFileName() + " with " + files.settings().getFileName()
        + " and the SRS the keys were made with";
    try {
      boolean same = Arrays.equals(Files.readAllBytes(vk), Files.readAllBytes(files.vk()));
      return new ModelBinding(true, same ? null : files.vk().getFileName() + " is not the verifying key of the bundled "
          + "model " + onnx.getFileName() + " (" + what + " differs): the keys and proofs are of another model", what);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read the verifying keys " + vk + " and " + files.vk() + ": "
          + e.getMessage() + ". Check the disk and run the build again.", e);
    }
  }

  /**
   * Each of the pool's processes runs the driver's prove-batch on its share of the samples (a
   * contiguous run of them), with the pool's threads; their figures come back per proof.
   */
  @Override
  public List<Proof> proveAll(CompiledCircuit circuit, Npy.FloatArray features, List<Integer> samples,
                              IntFunction<Path> directoryOf, ProverPool pool) {
    CircuitFiles files = files(circuit);
    List<List<Integer>> shares = Shares.contiguous(samples, Math.min(pool.processes(), samples.size()));
    BatchProgress progress = new BatchProgress(circuit.model(), samples.size(), log);
    List<Proof> proofs = new ArrayList<>();
    if (shares.size() == 1) {
      proofs.addAll(proveShare(files, features, shares.get(0), directoryOf, pool.threadsPerProcess(), progress));
      return proofs;
    }
    ExecutorService provers = Executors.newFixedThreadPool(shares.size());
    try {
      List<Future<List<Proof>>> running = shares.stream().map(share -> provers.submit(
          () -> proveShare(files, features, share, directoryOf, pool.threadsPerProcess(), progress))).toList();
      for (Future<List<Proof>> share : running) {
        proofs.addAll(share.get());
      }
      return proofs;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure ? failure
          : new VeriRegimeException("A prover process failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VeriRegimeException("Interrupted while proving " + circuit.model() + " samples", e);
    } finally {
      provers.shutdownNow();
    }
  }

  private List<Proof> proveShare(CircuitFiles files, Npy.FloatArray features, List<Integer> share,
                                 IntFunction<Path> directoryOf, int threads, BatchProgress progress) {
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (int sample : share) {
      Path dir = directoryOf.apply(sample);
      EzklInput.write(dir.resolve("input.json"), features, sample, 1);
      jobs.add(CircuitCompiler.args("input", dir.resolve("input.json"), "witness", dir.resolve("witness.json"),
          "proof", dir.resolve("proof.json")));
    }
    EzklStep batch = ezkl.runBatch("prove-batch", CircuitCompiler.args("jobs", jobs, "compiled", files.compiled(),
        "pk", files.pk(), "srs", srs.file(files)), share.size(), threads, line -> progress.proved());
    List<Proof> proofs = new ArrayList<>();
    for (int i = 0; i < share.size(); i++) {
      JsonNode proved = batch.result().path("proofs").path(i);
      Path proofFile = directoryOf.apply(share.get(i)).resolve("proof.json");
      JsonNode rescaled = proved.path("rescaledOutputs").path(0);
      double[] outputs = new double[rescaled.size()];
      for (int j = 0; j < outputs.length; j++) {
        outputs[j] = Double.parseDouble(rescaled.path(j).asText());
      }
      long peak = proved.path("peakRssBytes").asLong();
      proofs.add(new Proof(proofFile, outputs, EzklProofs.proofBytes(proofFile), figures(proved.path("witness"), peak),
          figures(proved.path("prove"), peak)));
    }
    return proofs;
  }

  @Override
  public void checkSetupMaterial(CompiledCircuit circuit, SetupMaterial recorded) {
    srs.requireKeysMadeWith(recorded, files(circuit));
  }

  @Override
  public List<Verification> verifyAll(CompiledCircuit circuit, List<Path> proofs) {
    CircuitFiles files = files(circuit);
    EzklStep step = ezkl.runBatch("verify", CircuitCompiler.args("proofs", proofs.stream()
            .map(proof -> proof.toAbsolutePath().toString()).toList(), "settings", files.settings(), "vk", files.vk(), "srs", srsFile(circuit)), proofs.size(),
        verifierThreads, line -> { });
    List<Verification> verifications = new ArrayList<>();
    for (JsonNode answer : step.result().path("verifications")) {
      boolean verified = answer.path("verified").asBoolean();
      verifications.add(new Verification(verified, verified ? null : answer.path("reason").asText("verifier returned false"),
          figures(answer, answer.path("peakRssBytes").asLong())));
    }
    if (verifications.size() != proofs.size()) {
      throw new VeriRegimeException("EZKL's verifier answered for " + verifications.size() + " of " + proofs.size()
          + " proofs; nothing is reported verified that was not checked. Run the build again with -X for EZKL's output.");
    }
    return verifications;
  }

  @Override
  public Map<String, Path> tamperedCopies(Path validProof, Path dir) {
    Map<String, Path> tampered = new LinkedHashMap<>();
    tampered.put("flippedByte", EzklProofs.flipByte(validProof, dir.resolve("flipped-byte.proof.json")));
    // EZKL lists the public inputs before the public outputs: the last instance is an output when outputs are public
    boolean outputsPublic = outputVisibility == Visibility.PUBLIC || outputVisibility == Visibility.HASHED;
    String changedClaim = outputsPublic ? "changedOutput" : "changedPublicInput";
    Path changed = dir.resolve(changedClaim + ".proof.json");
    if (EzklProofs.changeLastInstance(validProof, changed)) {
      tampered.put(changedClaim, changed);
    }
    return tampered;
  }

  /**
   * EZKL's verifier ({@code Verifier.sol}, its ABI when solc could be fetched) and the calldata of
   * {@code proof} ({@code Verifier.calldata}), deployed and called on the in-process EVM (Node.js,
   * provisioned here) for its size and gas.
   */
  @Override
  public EvmVerifier evmVerifier(CompiledCircuit circuit, Path dir, Path proof) {
    CircuitFiles files = files(circuit);
    Path sol = dir.resolve("Verifier.sol");
    Path abi = dir.resolve("Verifier.abi");
    Path abiTmp = AtomicFiles.tempBeside(abi);
    EzklStep step = CircuitCompiler.produce(sol, solTmp -> ezkl.run("evm-verifier", CircuitCompiler.args("vk", files.vk(),
        "settings", files.settings(), "sol", solTmp, "abi", abiTmp, "srs", srsFile(circuit))));
    boolean abiWritten = step.result().path("abi").asBoolean();
    try {
      if (abiWritten) {
        AtomicFiles.move(abiTmp, abi);
      }
    } catch (IOException e) {
      throw new VeriRegimeException("Could not move the verifier ABI into " + abi + ": " + e.getMessage(), e);
    } finally {
      CircuitCompiler.deleteQuietly(abiTmp);
    }
    byte[] calldata = evmCalldata(proof, dir.resolve("Verifier.calldata"));
    EvmVerifier.OnChain onChain = nodeTools.get().evm().call(sol, null, calldata, List.of(withLastInstanceChanged(calldata)))
        .onChain("EZKL", proof, "the last output changed", log);
    return new EvmVerifier(sol.getFileName().toString(), abiWritten,
        abiWritten ? null : step.result().path("abiProblem").asText(), onChain);
  }

  /**
   * The calldata of a call to the {@link #evmVerifier} contract that verifies {@code proof}
   * (EZKL's encode-evm-calldata: the selector of {@code verifyProof}, the proof and its instances),
   * also written to {@code calldata}.
   */
  public byte[] evmCalldata(Path proof, Path calldata) {
    CircuitCompiler.produce(calldata, tmp -> ezkl.run("evm-calldata", CircuitCompiler.args("proof", proof, "calldata", tmp)));
    try {
      return Files.readAllBytes(calldata);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read the calldata EZKL wrote to " + calldata + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code calldata} of {@code verifyProof(bytes proof, uint256[] instances)} claiming another last
   * instance (the last output): the lowest bit of that ABI word flipped. Found through the ABI head
   * rather than at the end, because EZKL's calldata ends with a word past the arguments.
   */
  static byte[] withLastInstanceChanged(byte[] calldata) {
    int arguments = 4; // past the selector
    int instances = arguments + abiWord(calldata, arguments + 32);
    int lastInstanceEnd = instances + 32 * (1 + abiWord(calldata, instances));
    if (lastInstanceEnd > calldata.length || lastInstanceEnd <= instances + 32) {
      throw noInstanceToChange(calldata);
    }
    byte[] changed = calldata.clone();
    changed[lastInstanceEnd - 1] ^= 1;
    return changed;
  }

  /** The ABI word at {@code offset} as an offset or a length (both fit an int in any real calldata). */
  private static int abiWord(byte[] calldata, int offset) {
    if (offset < 0 || offset > calldata.length - 32) {
      throw noInstanceToChange(calldata);
    }
    BigInteger word = new BigInteger(1, Arrays.copyOfRange(calldata, offset, offset + 32));
    if (word.bitLength() > 30) {
      throw noInstanceToChange(calldata);
    }
    return word.intValue();
  }

  private static VeriRegimeException noInstanceToChange(byte[] calldata) {
    return new VeriRegimeException("EZKL's EVM calldata (" + calldata.length + " bytes) has no public instance to"
        + " change where verifyProof(bytes, uint256[]) puts them: the on-chain tamper check needs a public output"
        + " (zk.ezkl.outputVisibility: public).");
  }

  private static CircuitFiles files(CompiledCircuit circuit) {
    return new CircuitFiles(circuit.dir(), circuit.model());
  }

  /** The SRS a circuit is set up, proved and verified with: found again from the configuration, never from a recorded path. */
  private Path srsFile(CompiledCircuit circuit) {
    return srs.file(files(circuit));
  }

  private static StepFigures figures(EzklStep step) {
    return new StepFigures(step.seconds(), step.cpuSeconds(), step.peakRssBytes());
  }

  /** A step's figures as the driver reported them for one item of a batch, with the process's peak so far. */
  private static StepFigures figures(JsonNode item, long peakRssBytes) {
    return new StepFigures(item.path("seconds").asDouble(), item.path("cpuSeconds").asDouble(), peakRssBytes);
  }

  /** Says how a batch is going, over all its processes: count, rate and time left. */
  private static final class BatchProgress {
    private final String model;
    private final int total;
    private final StageLog log;
    private final long started = System.nanoTime();
    private int done;

    BatchProgress(String model, int total, StageLog log) {
      this.model = model;
      this.total = total;
      this.log = log;
    }

    synchronized void proved() {
      done++;
      double minutes = (System.nanoTime() - started) / 60e9;
      double perMinute = done / minutes;
      log.info(String.format(Locale.ROOT, "%s proofs: %d/%d, %.1f per minute, about %.0f s left", model, done, total,
          perMinute, (total - done) / perMinute * 60));
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read the size of " + file + ", which EZKL has just written: "
          + e.getMessage() + ". Check the disk and run the build again.", e);
    }
  }
}
