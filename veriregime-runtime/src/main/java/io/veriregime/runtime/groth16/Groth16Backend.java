package io.veriregime.runtime.groth16;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.circuit.ConstraintReport;
import io.veriregime.runtime.circuit.FixedPointOptions;
import io.veriregime.runtime.circuit.R1csFile;
import io.veriregime.runtime.circuit.StudentCircuit;
import io.veriregime.runtime.experiment.Groth16Config;
import io.veriregime.runtime.experiment.NodeConfig;
import io.veriregime.runtime.experiment.Section;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.node.NodeTools;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Groth16 (BN254) behind the proving seam: the student compiled by VeriRegime's own R1CS compiler
 * ({@link StudentCircuit}), witnesses computed in Java and written as {@code .wtns}, and snarkjs for
 * the rest (setup from a powers-of-tau file with one secret contribution, prove, verify, the
 * Solidity verifier). A circuit directory holds what zk-prove needs to compute witnesses again in
 * another build: the student as compiled ({@code model/}) and its calibration windows, beside
 * {@code circuit.r1cs}, {@code constraints.json}, the keys and, per sample, {@code witness.wtns} and
 * {@code proof.json} (the proof and its public signals in one file).
 */
public final class Groth16Backend implements ProvingBackend {

  public static final String NAME = "groth16";
  static final String MODEL_DIR = "model";
  static final String CALIBRATION = "calibration.npy";
  static final String R1CS = "circuit.r1cs";
  static final String CONSTRAINTS = "constraints.json";
  static final String ZKEY = "circuit.zkey";
  static final String VK = "verification_key.json";
  static final String WITNESS = "witness.wtns";
  static final String PROOF = "proof.json";
  /** The sample's window beside its proof, as EZKL records it: what a consumer checks the public signals against. */
  static final String WINDOW = "input.json";
  static final String VERIFIER = "Groth16Verifier.sol";
  static final String VERIFIER_CONTRACT = "Groth16Verifier";
  static final String CALLDATA = "verifyProof.calldata.json";
  /** A Groth16 proof as the verifier takes it: A and C in G1 (2 words each), B in G2 (4), 32-byte words. */
  static final long PROOF_BYTES = 8 * 32;

  private final Snarkjs snarkjs;
  private final PowersOfTau powersOfTau;
  private final FixedPointOptions options;
  private final Groth16Keys keys;
  private final Groth16Prover prover;
  private final Groth16Verifiers verifiers;
  private final StageLog log;
  /** Circuits compiled or rebuilt in this build, by their directory: a witness needs the compiled circuit. */
  private final Map<Path, StudentCircuit> circuits = new ConcurrentHashMap<>();

  private Groth16Backend(NodeTools tools, PowersOfTau powersOfTau, FixedPointOptions options,
                         PhaseTwo.ContributedKey contributedKey, StageLog log) {
    this.snarkjs = new Snarkjs(tools);
    this.powersOfTau = powersOfTau;
    this.options = options;
    this.keys = new Groth16Keys(snarkjs, powersOfTau, contributedKey, log);
    this.prover = new Groth16Prover(snarkjs, log);
    this.verifiers = new Groth16Verifiers(tools, snarkjs, log);
    this.log = log;
  }

  /**
   * Checks zk.groth16.ptau (and zk.groth16.zkey), then finds Node.js and the pinned packages as
   * {@code zk.node} says (installing them unless the build is offline).
   */
  public static Groth16Backend provision(Section<Groth16Config> config, Section<NodeConfig> node, ToolEnvironment env) {
    PowersOfTau powersOfTau = PowersOfTau.of(config, node.values().toolsDir(), env.log());
    PhaseTwo.ContributedKey contributed = PhaseTwo.configured(config).orElse(null);
    return new Groth16Backend(NodeTools.provision(node, env), powersOfTau, options(config.values()), contributed,
        env.log());
  }

  /** The compiler's options a {@code zk.groth16} section sets ({@code fractionBits}, {@code headroomBits}, {@code packInputs}). */
  static FixedPointOptions options(Groth16Config config) {
    return new FixedPointOptions(config.fractionBits(), config.headroomBits(), config.packInputs());
  }

  /** The pinned snarkjs version, known without installing anything (for fingerprints). */
  public static String pinnedVersion() {
    return NodeTools.pinnedPackages().get("snarkjs");
  }

  /**
   * Which of a circuit directory's files verifying, proving and publishing need (known without
   * provisioning Node.js): the verification key alone verifies; the constraint system and its report
   * are the compiled circuit, and the student as compiled with its calibration windows are what a
   * consumer compiles it again from ({@link #bindToModel}) and computes each proof's public signals
   * from ({@link #proofClaims}).
   */
  public static CircuitFileRoles circuitFileRoles() {
    return new CircuitFileRoles(new TreeMap<>(Map.of(CircuitFileRoles.VERIFYING_KEY, VK)),
        List.of(R1CS, CONSTRAINTS, MODEL_DIR, CALIBRATION), ZKEY, false);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return snarkjs.version();
  }

  /**
   * What {@code constraints.json} holds: the compiler's options, the powers-of-tau power the circuit
   * needs and its constraint report.
   */
  record CircuitReport(FixedPointOptions options, int power, ConstraintReport constraints) {}

  /** Compiles the student in {@code modelDir} (the ONNX export is not read: the compiler reads model.json). */
  @Override
  public CompiledCircuit compile(String model, Path modelDir, Path onnx, Npy.FloatArray calibration, Path dir,
                                 String configKey) {
    long started = System.nanoTime();
    ModelDefinition definition = ModelDefinition.read(modelDir);
    StudentCircuit circuit = StudentCircuit.compile(definition, modelDir, options, calibration);
    definition.write(dir.resolve(MODEL_DIR));
    Npy.writeFloat(dir.resolve(CALIBRATION), calibration.shape(), calibration.data());
    Path r1cs = dir.resolve(R1CS);
    R1csFile.write(circuit.r1cs(), r1cs);
    ConstraintReport report = circuit.report();
    Snarkjs.R1csInfo info = snarkjs.r1csInfo(r1cs);
    if (info.constraints() != report.constraints() || info.wires() != report.wires()) {
      throw new VeriRegimeException("snarkjs reads " + r1cs + " as " + info.constraints() + " constraints and "
          + info.wires() + " wires, but VeriRegime wrote " + report.constraints() + " and " + report.wires()
          + ". The .r1cs writer and snarkjs disagree; report it with " + r1cs + " attached.");
    }
    JsonFiles.write(dir.resolve(CONSTRAINTS), new CircuitReport(options, info.requiredPower(), report));
    circuits.put(key(dir), circuit);
    log.info(String.format(Locale.ROOT, "%s: %,d constraints (%,d linear), %,d wires, powers of tau 2^%d; compiled in %.2f s",
        model, report.constraints(), report.linearConstraints(), report.wires(), info.requiredPower(),
        (System.nanoTime() - started) / 1e9));
    return new CompiledCircuit(model, dir, CircuitCost.r1cs(info.requiredPower(), report.constraints(), report.wires(),
        options.fractionBits(), report.layers().stream().filter(layer -> layer.rangeBits() > 0)
            .map(layer -> new CircuitCost.LayerBits(layer.layerIndex(), layer.type(), layer.rangeBits())).toList()));
  }

  /** Groth16 has one constraint system and one size: there is nothing to lay out again. */
  @Override
  public CompiledCircuit resize(CompiledCircuit circuit, Path onnx, int logrows, Path dir) {
    throw new VeriRegimeException("The groth16 backend has no logrows to try: its circuit is one constraint system"
        + " of a fixed size (2^" + circuit.cost().logrows() + " for powers of tau). zk.ezkl.logrowsTrials applies to"
        + " zk.backend: ezkl only.");
  }

  @Override
  public SetupMaterial prepareSetupMaterial(CompiledCircuit circuit) {
    return keys.setupMaterial(circuit);
  }

  /**
   * groth16 setup, one contribution with fresh secret entropy (the key nobody else can forge with), the
   * verification key; or, with zk.groth16.zkey, a second party's key for this circuit, checked, instead.
   */
  @Override
  public KeySetup setup(CompiledCircuit circuit, Path keyDir) {
    return keys.setup(circuit, keyDir);
  }

  /**
   * Each sample: the witness in Java, written as {@code .wtns}, then {@code groth16 prove};
   * {@code pool.processes()} contiguous shares at once, one snarkjs process at a time each (a snarkjs
   * process uses the machine's threads as it sees fit).
   */
  @Override
  public List<Proof> proveAll(CompiledCircuit circuit, Npy.FloatArray features, List<Integer> samples,
                              IntFunction<Path> directoryOf, ProverPool pool) {
    StudentCircuit student = circuit(circuit);
    return pool.proveInShares(samples, circuit.model(),
        share -> prover.prove(circuit, student, features, share, directoryOf));
  }

  /**
   * Nothing a verifier can check: the verification key carries all of the powers of tau its verifier
   * needs, and whether they were a development file is only what the producer recorded. The
   * circuit's own setup (phase 2) was one contribution made in the producer's build, so whoever made
   * it could forge proofs whatever the phase 1: that is said, not implied by a secure phase 1.
   */
  @Override
  public void checkSetupMaterial(CompiledCircuit circuit, SetupMaterial recorded) {
    log.warn("the Groth16 keys in " + circuit.dir() + " come from their producer's circuit-specific setup (phase 2,"
        + " one contribution made in the producer's build unless a second party contributed too, which the bundle"
        + " cannot show" + (recorded.secure() ? "; on a public powers-of-tau file" : "") + "): whoever made it alone can"
        + " make proofs that verify without running the model. These proofs are as trustworthy as that setup; a second"
        + " party's contribution (veriregime:contribute, then zk.groth16.zkey) or a public phase-2 ceremony removes"
        + " that trust.");
  }

  /**
   * The constraint system compiled again from the student the circuit directory carries and compared
   * byte for byte, the key's public signals, and its phase-1 part set up again where this build has the
   * recorded powers of tau ({@link Groth16Binding}); δ, from the producer's random phase 2, cannot be.
   */
  @Override
  public ModelBinding bindToModel(CompiledCircuit circuit, Path onnx, SetupMaterial recorded, Path scratch) {
    return new Groth16Binding(snarkjs, powersOfTau).bind(circuit, onnx, recorded, scratch);
  }

  /** Each proof checked by {@code groth16 verify} against the circuit's verification key. */
  @Override
  public List<Verification> verifyAll(CompiledCircuit circuit, List<Path> proofs) {
    return verifiers.verifyAll(circuit, proofs);
  }

  /**
   * A proof of a logit the window does not give (output 0 plus one), of another window (the last
   * public signal plus one: the last input, or the last packed signal) and a proof whose point A moved.
   */
  @Override
  public Map<String, Path> tamperedCopies(Path validProof, Path dir) {
    return Groth16Verifiers.tamperedCopies(validProof, dir);
  }

  /**
   * snarkjs' Solidity verifier (the verification key built in) and the calldata of {@code proof},
   * deployed and called on the in-process EVM for its size and gas.
   */
  @Override
  public EvmVerifier evmVerifier(CompiledCircuit circuit, Path dir, Path proof) {
    return verifiers.evmVerifier(circuit, dir, proof);
  }

  Snarkjs snarkjs() {
    return snarkjs;
  }

  /** The compiled circuit: from this build, or compiled again from the student and windows zk-compile kept beside it. */
  private StudentCircuit circuit(CompiledCircuit compiled) {
    return circuits.computeIfAbsent(key(compiled.dir()), Groth16Backend::compiledAgain);
  }

  /** The student compiled again from the model and windows zk-compile kept in {@code dir}, checked against its report. */
  static StudentCircuit compiledAgain(Path dir) {
    CircuitReport recorded = JsonFiles.read(dir.resolve(CONSTRAINTS), CircuitReport.class);
    StudentCircuit circuit = StudentCircuit.compile(dir.resolve(MODEL_DIR), recorded.options(),
        Npy.readFloat(dir.resolve(CALIBRATION)));
    if (!circuit.report().equals(recorded.constraints())) {
      throw new VeriRegimeException("The student in " + dir.resolve(MODEL_DIR) + " compiles to another circuit than "
          + dir.resolve(CONSTRAINTS) + " describes; run zk-compile again (-Dveriregime.force).");
    }
    return circuit;
  }

  /**
   * Whether a proof is of its sample: its public signals against those the compiled student gives the
   * sample's window (the outputs, then the window or its packed signals), and its outputs against the
   * claimed ones. Needs the compiled student: zk-compile's directory, or a whole bundle's {@code circuit/}.
   */
  public static ProofClaims proofClaims() {
    return Groth16Signals.CLAIMS;
  }

  private static Path key(Path dir) {
    return dir.toAbsolutePath().normalize();
  }
}
