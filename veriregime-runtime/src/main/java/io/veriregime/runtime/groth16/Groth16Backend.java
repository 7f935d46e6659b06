package io.veriregime.runtime.groth16;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.circuit.ConstraintReport;
import io.veriregime.runtime.circuit.Field;
import io.veriregime.runtime.circuit.FixedPointOptions;
import io.veriregime.runtime.circuit.R1csFile;
import io.veriregime.runtime.circuit.StudentCircuit;
import io.veriregime.runtime.circuit.Witness;
import io.veriregime.runtime.circuit.WtnsFile;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.Groth16Config;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.model.ModelDefinition;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.node.Evm;
import io.veriregime.runtime.node.NodeTools;
import io.veriregime.runtime.proving.CircuitCost;
import io.veriregime.runtime.proving.CircuitFileRoles;
import io.veriregime.runtime.proving.ModelBinding;
import io.veriregime.runtime.proving.ProofClaims;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.proving.KeySetup;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.proving.SetupMaterial;
import io.veriregime.runtime.proving.StepFigures;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.StageLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;

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

  private final NodeTools tools;
  private final Snarkjs snarkjs;
  private final PowersOfTau powersOfTau;
  private final FixedPointOptions options;
  /** A second party's key (zk.groth16.zkey) that replaces this build's own setup; null for its own. */
  private final PhaseTwo.ContributedKey contributedKey;
  private final StageLog log;
  /** Circuits compiled or rebuilt in this build, by their directory: a witness needs the compiled circuit. */
  private final Map<Path, StudentCircuit> circuits = new ConcurrentHashMap<>();
  private final Map<Integer, PowersOfTau.PhaseOne> phaseOnes = new ConcurrentHashMap<>();

  Groth16Backend(NodeTools tools, PowersOfTau powersOfTau, FixedPointOptions options, StageLog log) {
    this(tools, powersOfTau, options, null, log);
  }

  private Groth16Backend(NodeTools tools, PowersOfTau powersOfTau, FixedPointOptions options,
                         PhaseTwo.ContributedKey contributedKey, StageLog log) {
    this.tools = tools;
    this.snarkjs = new Snarkjs(tools);
    this.powersOfTau = powersOfTau;
    this.options = options;
    this.contributedKey = contributedKey;
    this.log = log;
  }

  /**
   * Checks zk.groth16.ptau (and zk.groth16.zkey), then finds Node.js and the pinned packages (installing
   * them unless {@code offline}).
   */
  public static Groth16Backend provision(Experiment experiment, boolean offline, Proxies proxies, StageLog log) {
    PowersOfTau powersOfTau = PowersOfTau.of(experiment, log);
    PhaseTwo.ContributedKey contributed = PhaseTwo.configured(experiment).orElse(null);
    return new Groth16Backend(NodeTools.provision(experiment, offline, proxies, log), powersOfTau, options(experiment),
        contributed, log);
  }

  /** The compiler's options an experiment sets ({@code zk.groth16.fractionBits}, {@code headroomBits}, {@code packInputs}). */
  static FixedPointOptions options(Experiment experiment) {
    Groth16Config config = experiment.config().zk().groth16();
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

  /**
   * The proof file of one sample: snarkjs' proof and its public signals (the outputs, then the inputs
   * or, with zk.groth16.packInputs, their packed signals) as decimal strings.
   */
  record ProofFile(Snarkjs.Groth16Proof proof, List<String> publicSignals) {}

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
    PowersOfTau.PhaseOne phaseOne = phaseOne(circuit.cost().logrows());
    // verification needs only the verification key: the phase-1 file stays where it is (the cache or the configured file)
    return new SetupMaterial(powersOfTau.generated() ? "generated" : "file", phaseOne.configured(), phaseOne.sha256(),
        phaseOne.secure(), phaseOne.warning(), phaseOne.generation());
  }

  /**
   * groth16 setup, one contribution with fresh secret entropy (the key nobody else can forge with), the
   * verification key; or, with zk.groth16.zkey, a second party's key for this circuit, checked, instead.
   */
  @Override
  public KeySetup setup(CompiledCircuit circuit, Path keyDir) {
    PowersOfTau.PhaseOne phaseOne = phaseOne(circuit.cost().logrows());
    Path initial = keyDir.resolve("circuit_0000.zkey");
    Path zkey = keyDir.resolve(ZKEY);
    Path vk = keyDir.resolve(VK);
    try {
      StepFigures setup;
      StepFigures contribution;
      if (contributedKey != null) {
        setup = contributedKey.install(snarkjs, circuit.dir().resolve(R1CS), phaseOne, zkey, log);
        contribution = new StepFigures(0, 0, 0);
      } else {
        setup = snarkjs.groth16Setup(circuit.dir().resolve(R1CS), phaseOne.file(), initial);
        contribution = snarkjs.zkeyContribute(initial, zkey, "VeriRegime " + circuit.model());
      }
      Snarkjs.VerificationKey key = snarkjs.exportVerificationKey(zkey, vk);
      ConstraintReport report = JsonFiles.read(circuit.dir().resolve(CONSTRAINTS), CircuitReport.class).constraints();
      if (key.nPublic() != report.publicInputs() + report.publicOutputs()) {
        throw new VeriRegimeException("snarkjs set " + circuit.dir().resolve(R1CS) + " up with " + key.nPublic()
            + " public signals, not the circuit's " + (report.publicInputs() + report.publicOutputs())
            + "; run zk-compile again (-Dveriregime.force).");
      }
      return new KeySetup(new StepFigures(setup.seconds() + contribution.seconds(),
          setup.cpuSeconds() + contribution.cpuSeconds(), Math.max(setup.peakMemoryBytes(), contribution.peakMemoryBytes())),
          size(vk), size(zkey));
    } finally {
      deleteQuietly(initial);
    }
  }

  /**
   * Each sample: the witness in Java, written as {@code .wtns}, then {@code groth16 prove};
   * {@code pool.processes()} samples at once (each snarkjs process uses the machine's threads as it sees fit).
   */
  @Override
  public List<Proof> proveAll(CompiledCircuit circuit, Npy.FloatArray features, List<Integer> samples,
                              IntFunction<Path> directoryOf, ProverPool pool) {
    StudentCircuit student = circuit(circuit);
    int processes = Math.min(pool.processes(), samples.size());
    if (processes == 1) {
      return samples.stream().map(sample -> prove(circuit, student, features, sample, directoryOf.apply(sample))).toList();
    }
    ExecutorService provers = Executors.newFixedThreadPool(processes);
    try {
      List<Future<Proof>> running = samples.stream().map(sample -> provers.submit(
          () -> prove(circuit, student, features, sample, directoryOf.apply(sample)))).toList();
      List<Proof> proofs = new ArrayList<>();
      for (Future<Proof> proof : running) {
        proofs.add(proof.get());
      }
      return proofs;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure ? failure
          : new VeriRegimeException("A Groth16 prover failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VeriRegimeException("Interrupted while proving " + circuit.model() + " samples", e);
    } finally {
      provers.shutdownNow();
    }
  }

  private Proof prove(CompiledCircuit circuit, StudentCircuit student, Npy.FloatArray features, int sample, Path dir) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long started = System.nanoTime();
    long cpuStarted = threads.getCurrentThreadCpuTime();
    createDirectories(dir);
    float[] window = features.row(sample);
    Witness witness = student.witness(window);
    writeWindow(dir.resolve(WINDOW), window);
    Path wtns = dir.resolve(WITNESS);
    WtnsFile.write(witness, wtns);
    // computed in the build's JVM: no process of its own whose peak memory would mean anything
    StepFigures witnessFigures = new StepFigures((System.nanoTime() - started) / 1e9,
        (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9, 0);
    Snarkjs.ProofFiles proved = inTemporaryDirectory(tmp -> snarkjs.groth16Prove(circuit.dir().resolve(ZKEY), wtns,
        tmp.resolve("proof.json"), tmp.resolve("public.json")));
    long[] logits = witness.logits();
    double[] outputs = new double[logits.length];
    for (int o = 0; o < logits.length; o++) {
      BigInteger signal = proved.publicSignals().get(o);
      if (!signal.equals(Field.of(logits[o]))) {
        throw new VeriRegimeException("snarkjs proved output " + o + " of test sample " + sample + " as " + signal
            + ", but the witness VeriRegime computed has " + logits[o] + "; the circuit's files in " + circuit.dir()
            + " do not fit together. Run zk-compile again (-Dveriregime.force).");
      }
      outputs[o] = Field.toSigned(signal).doubleValue() * student.fixedPoint().outputUnit();
    }
    Path proof = dir.resolve(PROOF);
    JsonFiles.write(proof, new ProofFile(proved.proof(), proved.publicSignals().stream().map(BigInteger::toString).toList()));
    log.info(String.format(Locale.ROOT, "%s sample %d: witness %.2f s, proof %.2f s (%.2f CPU s)", circuit.model(), sample,
        witnessFigures.seconds(), proved.figures().seconds(), proved.figures().cpuSeconds()));
    return new Proof(proof, outputs, PROOF_BYTES, witnessFigures, proved.figures());
  }

  /** {@code {"input_data": [[...]]}}: EZKL's input format, which a bundle's consumer reads for either backend. */
  private static void writeWindow(Path file, float[] window) {
    double[] values = new double[window.length];
    for (int i = 0; i < window.length; i++) {
      values[i] = window[i];
    }
    JsonFiles.write(file, Map.of("input_data", List.of(values)));
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
    Path vk = circuit.dir().resolve(VK);
    return proofs.stream().map(proof -> inTemporaryDirectory(tmp -> {
      SnarkjsFiles files = SnarkjsFiles.of(proof, tmp);
      Snarkjs.Check check = snarkjs.groth16Verify(vk, files.publicSignals(), files.proof());
      return new Verification(check.passed(), check.passed() ? null : "snarkjs groth16 verify: invalid proof",
          check.figures());
    })).toList();
  }

  /**
   * A proof of a logit the window does not give (output 0 plus one), of another window (the last
   * public signal plus one: the last input, or the last packed signal) and a proof whose point A moved.
   */
  @Override
  public Map<String, Path> tamperedCopies(Path validProof, Path dir) {
    ProofFile valid = JsonFiles.read(validProof, ProofFile.class);
    createDirectories(dir);
    Map<String, Path> tampered = new LinkedHashMap<>();
    tampered.put("changedOutput", write(dir.resolve("changed-output.proof.json"),
        new ProofFile(valid.proof(), withSignalPlusOne(valid.publicSignals(), 0))));
    tampered.put("changedInput", write(dir.resolve("changed-input.proof.json"),
        new ProofFile(valid.proof(), withSignalPlusOne(valid.publicSignals(), valid.publicSignals().size() - 1))));
    List<String> pointA = new ArrayList<>(valid.proof().piA());
    pointA.set(0, new BigInteger(pointA.get(0)).add(BigInteger.ONE).toString());
    Snarkjs.Groth16Proof moved = new Snarkjs.Groth16Proof(pointA, valid.proof().piB(), valid.proof().piC(),
        valid.proof().protocol(), valid.proof().curve());
    tampered.put("changedProofPoint", write(dir.resolve("changed-proof-point.proof.json"),
        new ProofFile(moved, valid.publicSignals())));
    return tampered;
  }

  /**
   * snarkjs' Solidity verifier (the verification key built in) and the calldata of {@code proof},
   * deployed and called on the in-process EVM for its size and gas.
   */
  @Override
  public EvmVerifier evmVerifier(CompiledCircuit circuit, Path dir, Path proof) {
    Path sol = dir.resolve(VERIFIER);
    snarkjs.exportSolidityVerifier(circuit.dir().resolve(ZKEY), sol);
    Snarkjs.SolidityCalldata calldata = calldata(proof);
    JsonFiles.write(dir.resolve(CALLDATA), calldata);
    // the first public signal is the first output: claiming another output must not verify
    int last = calldata.publicSignals().size() - 1;
    byte[] changedOutput = calldata.withPublicSignal(0, plusOne(calldata.publicSignals().get(0))).encodedArguments();
    byte[] changedInput = calldata.withPublicSignal(last, plusOne(calldata.publicSignals().get(last))).encodedArguments();
    EvmVerifier.OnChain onChain = evm().callFunction(sol, VERIFIER_CONTRACT, "verifyProof", calldata.encodedArguments(),
        List.of(changedOutput, changedInput)).onChain("snarkjs", proof, "the first output or the last input changed", log);
    return new EvmVerifier(VERIFIER, false, "snarkjs writes no ABI: the contract's one entry point is verifyProof(uint[2]"
        + " a, uint[2][2] b, uint[2] c, uint[N] pubSignals); " + CALLDATA + " holds its arguments for the first proof",
        onChain);
  }

  /**
   * A tampered claim of both checks: a public signal plus one, reduced into the field so that a
   * value of −1 (p − 1) becomes 0, which a verifier must reject as unsound, not as out of range.
   */
  private static BigInteger plusOne(BigInteger signal) {
    return Field.of(signal.add(BigInteger.ONE));
  }

  private static List<String> withSignalPlusOne(List<String> signals, int index) {
    List<String> changed = new ArrayList<>(signals);
    changed.set(index, plusOne(new BigInteger(signals.get(index))).toString());
    return changed;
  }

  /** The arguments of {@code verifyProof} for a proof file, as snarkjs exports them. */
  Snarkjs.SolidityCalldata calldata(Path proof) {
    return inTemporaryDirectory(tmp -> {
      SnarkjsFiles files = SnarkjsFiles.of(proof, tmp);
      return snarkjs.exportSolidityCalldata(files.publicSignals(), files.proof());
    });
  }

  Evm evm() {
    return tools.evm();
  }

  Snarkjs snarkjs() {
    return snarkjs;
  }

  private PowersOfTau.PhaseOne phaseOne(int power) {
    return phaseOnes.computeIfAbsent(power, p -> powersOfTau.forPower(p, snarkjs));
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

  /** A proof file split into the two files snarkjs reads, in {@code dir}. */
  private record SnarkjsFiles(Path proof, Path publicSignals) {
    static SnarkjsFiles of(Path proofFile, Path dir) {
      ProofFile proof = JsonFiles.read(proofFile, ProofFile.class);
      SnarkjsFiles files = new SnarkjsFiles(dir.resolve("proof.json"), dir.resolve("public.json"));
      JsonFiles.write(files.proof(), proof.proof());
      JsonFiles.write(files.publicSignals(), proof.publicSignals());
      return files;
    }
  }

  private static Path write(Path file, ProofFile proof) {
    JsonFiles.write(file, proof);
    return file;
  }

  /**
   * Runs {@code work} with a fresh directory in the system's temporary directory, deleted after:
   * snarkjs' own proof and public-signal files never enter a stage's outputs, which hold only the files it lists.
   */
  private static <T> T inTemporaryDirectory(Function<Path, T> work) {
    Path tmp;
    try {
      tmp = Files.createTempDirectory("veriregime-groth16-");
    } catch (IOException e) {
      throw new VeriRegimeException("Could not create a temporary directory for snarkjs' files: " + e.getMessage()
          + ". Check the space in " + System.getProperty("java.io.tmpdir") + ".", e);
    }
    try {
      return work.apply(tmp);
    } finally {
      try (Stream<Path> files = Files.walk(tmp)) {
        files.sorted(Comparator.reverseOrder()).forEach(Groth16Backend::deleteQuietly);
      } catch (IOException ignored) {
        // a leftover in the temporary directory is harmless
      }
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read the size of " + file + ", which snarkjs has just written: "
          + e.getMessage() + ". Check the disk and run the build again.", e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not create " + dir + ": " + e.getMessage() + ". Check the disk.", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temporary file; the next run overwrites its own
    }
  }
}
