package io.veriregime.runtime.ezkl;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.EzklConfig;
import io.veriregime.runtime.experiment.NodeConfig;
import io.veriregime.runtime.experiment.Section;
import io.veriregime.runtime.experiment.Visibility;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.CircuitFileRoles;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.proving.KeySetup;
import io.veriregime.runtime.proving.ModelBinding;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProofClaims;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.SetupMaterial;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.ToolEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * EZKL (Halo2 with KZG) behind the proving seam: gen-settings → calibrate-settings →
 * compile-circuit, an SRS (generated for development, or a trusted file), setup, witness, prove,
 * verify, all through the pinned {@code ezkl} Python package ({@link Ezkl}).
 */
public final class EzklBackend implements ProvingBackend {

  public static final String NAME = "ezkl";

  private final Ezkl ezkl;
  private final SrsSource srs;
  private final CircuitCompiler compiler;
  private final EzklEvm evm;
  private final int calibrationSamples;
  private final Visibility outputVisibility;
  private final StageLog log;
  /** compute.threads: a verifier is one process, given all of them. */
  private final int verifierThreads;

  private EzklBackend(Section<EzklConfig> config, Ezkl ezkl, SrsSource srs, EzklEvm evm, int verifierThreads,
                      StageLog log) {
    this.ezkl = ezkl;
    this.srs = srs;
    this.compiler = new CircuitCompiler(ezkl, config, log);
    this.evm = evm;
    this.calibrationSamples = config.values().calibrationSamples();
    this.outputVisibility = config.values().outputVisibility();
    this.verifierThreads = verifierThreads;
    this.log = log;
  }

  /**
   * Checks the configured SRS ({@code zk.ezkl}), then finds or installs the pinned EZKL (never online
   * when the build is offline). Node.js ({@code zk.node}) is provisioned only when an EVM verifier is asked for.
   *
   * @param verifierThreads compute.threads: a verifier is one process, given all of them
   */
  public static EzklBackend provision(Section<EzklConfig> config, Section<NodeConfig> node, int verifierThreads,
                                      ToolEnvironment env) {
    SrsSource srs = SrsSource.of(config, env.log());
    Ezkl ezkl = Ezkl.provision(config, env);
    return new EzklBackend(config, ezkl, srs, new EzklEvm(ezkl, node, env), verifierThreads, env.log());
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
    return new KeySetup(step.figures(), size(vk), size(pk));
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
    EzklProver prover = new EzklProver(ezkl, files(circuit), srsFile(circuit), samples.size(), log);
    return pool.proveInShares(samples, circuit.model(),
        share -> prover.prove(features, share, directoryOf, pool.threadsPerProcess()));
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
          EzklStep.itemFigures(answer, answer.path("peakRssBytes").asLong())));
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
   * {@code proof} ({@code Verifier.calldata}), deployed and called on the in-process EVM for its size and gas.
   */
  @Override
  public EvmVerifier evmVerifier(CompiledCircuit circuit, Path dir, Path proof) {
    return evm.verifier(files(circuit), srsFile(circuit), dir, proof);
  }

  /**
   * The calldata of a call to the {@link #evmVerifier} contract that verifies {@code proof}, also
   * written to {@code calldata}.
   */
  public byte[] evmCalldata(Path proof, Path calldata) {
    return evm.calldata(proof, calldata);
  }

  private static CircuitFiles files(CompiledCircuit circuit) {
    return new CircuitFiles(circuit.dir(), circuit.model());
  }

  /** The SRS a circuit is set up, proved and verified with: found again from the configuration, never from a recorded path. */
  private Path srsFile(CompiledCircuit circuit) {
    return srs.file(files(circuit));
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
