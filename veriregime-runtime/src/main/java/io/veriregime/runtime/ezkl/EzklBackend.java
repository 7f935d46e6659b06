package io.veriregime.runtime.ezkl;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.EzklConfig;
import io.veriregime.runtime.experiment.Visibility;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.proving.KeySetup;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.SetupMaterial;
import io.veriregime.runtime.proving.StepFigures;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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
  private final int calibrationSamples;
  private final Visibility outputVisibility;

  private EzklBackend(Ezkl ezkl, SrsSource srs, CircuitCompiler compiler, EzklConfig config) {
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
    return new EzklBackend(ezkl, srs, new CircuitCompiler(ezkl, experiment, log), experiment.config().zk().ezkl());
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
  public CompiledCircuit compile(String model, Path onnx, Npy.FloatArray calibration, Path dir, String configKey) {
    CircuitFiles files = new CircuitFiles(dir, model);
    EzklInput.write(files.calibrationData(), calibration, 0, Math.min(calibrationSamples, calibration.rows()));
    CircuitSettings settings = compiler.compile(files, onnx, configKey);
    return new CompiledCircuit(model, dir, new CircuitCost(settings.logrows(), settings.numRows(),
        settings.totalAssignments(), settings.inputScale(), settings.paramScale()));
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

  @Override
  public Proof prove(CompiledCircuit circuit, Npy.FloatArray features, int sample, Path dir) {
    CircuitFiles files = files(circuit);
    Path input = dir.resolve("input.json");
    Path witnessFile = dir.resolve("witness.json");
    Path proofFile = dir.resolve("proof.json");
    EzklInput.write(input, features, sample, 1);
    EzklStep witness = CircuitCompiler.produce(witnessFile, tmp -> ezkl.run("witness",
        CircuitCompiler.args("input", input, "compiled", files.compiled(), "witness", tmp)));
    EzklStep prove = CircuitCompiler.produce(proofFile, tmp -> ezkl.run("prove", CircuitCompiler.args(
        "witness", witnessFile, "compiled", files.compiled(), "pk", files.pk(), "proof", tmp, "srs", srsFile(circuit))));
    JsonNode rescaled = witness.result().path("rescaledOutputs").path(0);
    double[] outputs = new double[rescaled.size()];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = Double.parseDouble(rescaled.path(i).asText());
    }
    return new Proof(proofFile, outputs, EzklProofs.proofBytes(proofFile), figures(witness), figures(prove));
  }

  @Override
  public Verification verify(CompiledCircuit circuit, Path proof) {
    CircuitFiles files = files(circuit);
    EzklStep step = ezkl.run("verify", CircuitCompiler.args(
        "proof", proof, "settings", files.settings(), "vk", files.vk(), "srs", srsFile(circuit)));
    boolean verified = step.result().path("verified").asBoolean();
    return new Verification(verified, verified ? null : step.result().path("reason").asText("verifier returned false"),
        figures(step));
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

  @Override
  public EvmVerifier evmVerifier(CompiledCircuit circuit, Path dir) {
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
    return new EvmVerifier(sol.getFileName().toString(), abiWritten,
        abiWritten ? null : step.result().path("abiProblem").asText());
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

  private static CircuitFiles files(CompiledCircuit circuit) {
    return new CircuitFiles(circuit.dir(), circuit.model());
  }

  /** The SRS a circuit is set up, proved and verified with: found again from the configuration, never from a recorded path. */
  private Path srsFile(CompiledCircuit circuit) {
    return srs.file(files(circuit));
  }

  private static StepFigures figures(EzklStep step) {
    return new StepFigures(step.seconds(), step.peakRssBytes());
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
