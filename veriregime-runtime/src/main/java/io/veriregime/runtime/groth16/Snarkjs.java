package io.veriregime.runtime.groth16;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.AtomicFiles;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.node.NodeTools;
import io.veriregime.runtime.node.NodeTools.NodeRun;
import io.veriregime.runtime.proving.StepFigures;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * snarkjs' commands as typed Java methods: each runs {@code node …/snarkjs/build/cli.cjs} through
 * {@link NodeTools#runSnarkjs} (a child process with {@code zk.timeout}, a heartbeat and timing),
 * writes its files atomically (snarkjs writes a temporary file beside the target, which is then
 * moved into place) and returns what snarkjs printed or wrote, parsed into records. Curve: bn128
 * (BN254), the one the EVM's pairing precompile supports.
 */
public final class Snarkjs {

  /** snarkjs 0.7 prints {@code r1cs info} as {@code [INFO]  snarkJS: # of Wires: 5}. */
  private static final Pattern INFO_LINE = Pattern.compile("snarkJS: (Curve|# of [A-Za-z ]+): (.+)$");

  private final NodeTools tools;
  private final SecureRandom random = new SecureRandom();

  public Snarkjs(NodeTools tools) {
    this.tools = tools;
  }

  /** The pinned snarkjs version, for manifests. */
  public String version() {
    return tools.packages().get("snarkjs");
  }

  /** What {@code r1cs info} says about a constraint system. */
  public record R1csInfo(String curve, long wires, long constraints, long privateInputs, long publicInputs, long labels,
                         long outputs) {

    /**
     * The smallest powers-of-tau power whose domain holds this circuit, as {@code groth16 setup}
     * counts it: 2^power ≥ constraints + public inputs + outputs + 1.
     */
    public int requiredPower() {
      long size = constraints + publicInputs + outputs + 1;
      return Math.max(1, 64 - Long.numberOfLeadingZeros(size - 1));
    }
  }

  /** A Groth16 proof as snarkjs writes {@code proof.json}: points as decimal strings, projective coordinates. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Groth16Proof(@JsonProperty("pi_a") List<String> piA, @JsonProperty("pi_b") List<List<String>> piB,
                             @JsonProperty("pi_c") List<String> piC, String protocol, String curve) {}

  /** A proof, the public signals it proves (outputs first, then public inputs) and what proving took. */
  public record ProofFiles(Path proofFile, Path publicFile, Groth16Proof proof, List<BigInteger> publicSignals,
                           StepFigures figures) {}

  /** The verification key's header, as {@code zkey export verificationkey} wrote it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VerificationKey(String protocol, String curve, int nPublic) {}

  /** A check's answer (witness correct, proof valid) and what it took. */
  public record Check(boolean passed, StepFigures figures) {}

  /**
   * The arguments of the Solidity verifier's {@code verifyProof(uint[2] a, uint[2][2] b, uint[2] c,
   * uint[N] pubSignals)}, as {@code zkey export soliditycalldata} prints them (b's coordinates in
   * the order the precompile wants).
   */
  public record SolidityCalldata(List<BigInteger> a, List<List<BigInteger>> b, List<BigInteger> c,
                                 List<BigInteger> publicSignals) {

    /** The ABI encoding of the four arguments (all static: 32-byte words in order), without a selector. */
    public byte[] encodedArguments() {
      List<BigInteger> words = new ArrayList<>(a);
      b.forEach(words::addAll);
      words.addAll(c);
      words.addAll(publicSignals);
      byte[] encoded = new byte[32 * words.size()];
      for (int i = 0; i < words.size(); i++) {
        byte[] word = words.get(i).toByteArray();
        int length = Math.min(word.length, 32); // toByteArray may lead with a sign byte
        System.arraycopy(word, word.length - length, encoded, 32 * i + 32 - length, length);
      }
      return encoded;
    }

    /** The same call with {@code signal} of the public signals replaced: a claim the proof does not prove. */
    public SolidityCalldata withPublicSignal(int signal, BigInteger value) {
      List<BigInteger> changed = new ArrayList<>(publicSignals);
      changed.set(signal, value);
      return new SolidityCalldata(a, b, c, List.copyOf(changed));
    }
  }

  public R1csInfo r1csInfo(Path r1cs) {
    NodeRun run = snarkjs("r1cs info", List.of("r1cs", "info", r1cs), r1cs).requireSuccess();
    Map<String, String> values = new HashMap<>();
    for (String line : run.lines()) {
      Matcher matcher = INFO_LINE.matcher(line);
      if (matcher.find()) {
        values.put(matcher.group(1), matcher.group(2).trim());
      }
    }
    try {
      return new R1csInfo(values.get("Curve"), number(values, "# of Wires"), number(values, "# of Constraints"),
          number(values, "# of Private Inputs"), number(values, "# of Public Inputs"), number(values, "# of Labels"),
          number(values, "# of Outputs"));
    } catch (RuntimeException e) {
      throw new VeriRegimeException("snarkjs r1cs info printed something VeriRegime cannot read for " + r1cs + ":\n"
          + String.join("\n", run.lines()), e);
    }
  }

  /** {@code wtns check}: whether the witness satisfies every constraint of the R1CS. */
  public Check wtnsCheck(Path r1cs, Path wtns) {
    NodeRun run = snarkjs("wtns check", List.of("wtns", "check", r1cs, wtns), r1cs);
    boolean correct = run.exitCode() == 0 && run.lines().stream().anyMatch(line -> line.contains("WITNESS IS CORRECT"));
    if (!correct && run.lines().stream().noneMatch(line -> line.contains("WITNESS IS NOT CORRECT"))) {
      run.requireSuccess(); // failed before checking anything: its own error, not a verdict
    }
    return new Check(correct, figures(run));
  }

  /** {@code groth16 setup}: the circuit-specific key (phase 2, no contribution yet) from a prepared phase-1 file. */
  public StepFigures groth16Setup(Path r1cs, Path ptau, Path zkey) {
    return produce(zkey, tmp -> snarkjs("groth16 setup", List.of("groth16", "setup", r1cs, ptau,
        tmp), zkey));
  }

  /**
   * {@code zkey contribute} with 32 bytes of {@link SecureRandom} entropy. snarkjs hashes it
   * together with 64 bytes of its own randomness (crypto.randomBytes), so the contribution is secret
   * even though the entropy is on the command line.
   */
  public StepFigures zkeyContribute(Path zkeyIn, Path zkeyOut, String name) {
    byte[] entropy = new byte[32];
    random.nextBytes(entropy);
    return produce(zkeyOut, tmp -> snarkjs("zkey contribute", List.of("zkey", "contribute", zkeyIn,
        tmp, "--name=" + name, "-e=" + HexFormat.of().formatHex(entropy)), zkeyOut));
  }

  /**
   * {@code zkey verify r1cs}: whether {@code zkey} is a key of {@code r1cs} set up from {@code ptau} with
   * every contribution it lists valid; snarkjs answers a key that is not with status 1.
   */
  public Check zkeyVerify(Path r1cs, Path ptau, Path zkey) {
    // zkvr: snarkjs' parser takes "zkey verify r1cs …" as its alias "zkey verify" with "r1cs" for the r1cs file
    NodeRun run = snarkjs("zkey verify", List.of("zkvr", r1cs, ptau, zkey), zkey, true);
    return new Check(run.exitCode() == 0 && run.lines().stream().anyMatch(line -> line.contains("ZKey Ok!")),
        figures(run));
  }

  public VerificationKey exportVerificationKey(Path zkey, Path vkJson) {
    produce(vkJson, tmp -> snarkjs("zkey export verificationkey", List.of("zkey", "export", "verificationkey",
        zkey, tmp), vkJson));
    return read(vkJson, VerificationKey.class);
  }

  public ProofFiles groth16Prove(Path zkey, Path wtns, Path proofJson, Path publicJson) {
    Path publicTmp = AtomicFiles.tempBeside(publicJson);
    try {
      StepFigures figures = produce(proofJson, tmp -> snarkjs("groth16 prove", List.of("groth16", "prove", zkey,
          wtns, tmp, publicTmp), proofJson));
      AtomicFiles.move(publicTmp, publicJson);
      return new ProofFiles(proofJson, publicJson, read(proofJson, Groth16Proof.class), publicSignals(publicJson), figures);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not move the public signals into " + publicJson + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(publicTmp);
    }
  }

  /**
   * {@code groth16 prove} for each of {@code witnesses}, in one Node.js process that builds the curve and
   * reads {@code zkey} once (VeriRegime's {@code groth16-prove.cjs} over snarkjs' JS API), each proof and
   * its public signals written into {@code dir} as {@code proof-<i>.json} and {@code public-<i>.json}. Each
   * proof's figures are its own wall and CPU seconds, with the process's peak memory.
   */
  public List<ProofFiles> groth16ProveAll(Path zkey, List<Path> witnesses, Path dir) {
    List<Map<String, String>> jobs = new ArrayList<>();
    for (int i = 0; i < witnesses.size(); i++) {
      jobs.add(Map.of("wtns", witnesses.get(i).toAbsolutePath().toString(),
          "proof", dir.resolve("proof-" + i + ".json").toAbsolutePath().toString(),
          "public", dir.resolve("public-" + i + ".json").toAbsolutePath().toString()));
    }
    Path jobsFile = dir.resolve("jobs.json");
    JsonFiles.write(jobsFile, Map.of("zkey", zkey.toAbsolutePath().toString(), "jobs", jobs));
    NodeRun run = tools.proveGroth16(jobsFile.toAbsolutePath(), witnesses.size(), dir.toAbsolutePath()).requireSuccess();
    BatchReport report = run.result().map(payload -> readPayload(payload, BatchReport.class)).orElseThrow(() ->
        new VeriRegimeException(run.step() + " ended without its report; nothing it wrote is used. Last output:\n"
            + run.tail()));
    if (report.proofs().size() != witnesses.size()) {
      throw new VeriRegimeException(run.step() + " reported " + report.proofs().size() + " proofs of "
          + witnesses.size() + "; nothing is used that was not proved. Run the build again with -X for its output.");
    }
    List<ProofFiles> proved = new ArrayList<>();
    for (int i = 0; i < witnesses.size(); i++) {
      Path proofJson = Path.of(jobs.get(i).get("proof"));
      Path publicJson = Path.of(jobs.get(i).get("public"));
      ExitReport figures = report.proofs().get(i);
      proved.add(new ProofFiles(proofJson, publicJson, read(proofJson, Groth16Proof.class), publicSignals(publicJson),
          new StepFigures(figures.seconds(), figures.cpuSeconds(), report.peakRssBytes())));
    }
    return proved;
  }

  /** What groth16-prove.cjs reports: each proof's seconds, and the peak memory of its process. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  private record BatchReport(List<ExitReport> proofs, long peakRssBytes) {}

  /** {@code groth16 verify}: snarkjs answers an invalid proof with status 1, any other failure otherwise. */
  public Check groth16Verify(Path vkJson, Path publicJson, Path proofJson) {
    // "invalid proof" is the verifier's answer, returned and reported by the caller, not a warning
    NodeRun run = snarkjs("groth16 verify", List.of("groth16", "verify", vkJson, publicJson,
        proofJson), proofJson, true);
    boolean valid = run.exitCode() == 0 && run.lines().stream().anyMatch(line -> line.contains("OK!"));
    if (!valid && run.lines().stream().noneMatch(line -> line.contains("Invalid proof")
        || line.contains("are not valid"))) {
      run.requireSuccess();
    }
    return new Check(valid, figures(run));
  }

  /** {@code zkey export solidityverifier}: the contract {@code Groth16Verifier} with the key built in. */
  public StepFigures exportSolidityVerifier(Path zkey, Path sol) {
    return produce(sol, tmp -> snarkjs("zkey export solidityverifier", List.of("zkey", "export", "solidityverifier",
        zkey, tmp), sol));
  }

  public SolidityCalldata exportSolidityCalldata(Path publicJson, Path proofJson) {
    NodeRun run = snarkjs("zkey export soliditycalldata", List.of("zkey", "export", "soliditycalldata",
        publicJson, proofJson), proofJson).requireSuccess();
    String printed = String.join("", run.lines()).trim();
    try {
      List<Object> arguments = JsonFiles.mapper().readValue("[" + printed + "]", new TypeReference<>() {});
      return new SolidityCalldata(numbers(arguments.get(0)), ((List<?>) arguments.get(1)).stream().map(Snarkjs::numbers)
          .toList(), numbers(arguments.get(2)), numbers(arguments.get(3)));
    } catch (IOException | RuntimeException e) {
      throw new VeriRegimeException("snarkjs zkey export soliditycalldata printed something VeriRegime cannot read: "
          + printed, e);
    }
  }

  /** {@code powersoftau new bn128 <power>}: an empty phase-1 ceremony. */
  StepFigures powersOfTauNew(int power, Path ptau) {
    return produce(ptau, tmp -> snarkjs("powersoftau new", List.of("powersoftau", "new", "bn128", Integer.toString(power),
        tmp), ptau));
  }

  /** {@code powersoftau contribute} with SecureRandom entropy (mixed with snarkjs' own, as for zkey contribute). */
  StepFigures powersOfTauContribute(Path in, Path out, String name) {
    byte[] entropy = new byte[32];
    random.nextBytes(entropy);
    return produce(out, tmp -> snarkjs("powersoftau contribute", List.of("powersoftau", "contribute", in,
        tmp, "--name=" + name, "-e=" + HexFormat.of().formatHex(entropy)), out));
  }

  /** {@code powersoftau prepare phase2}: the Lagrange form {@code groth16 setup} needs. */
  StepFigures preparePhase2(Path in, Path out) {
    return produce(out, tmp -> snarkjs("powersoftau prepare phase2", List.of("powersoftau", "prepare", "phase2",
        in, tmp), out));
  }

  private NodeRun snarkjs(String step, List<?> arguments, Path near) {
    return snarkjs(step, arguments, near, false);
  }

  /**
   * Runs snarkjs in the directory of {@code near}; a {@link Path} argument is passed as an absolute
   * path, because the process's working directory is not the JVM's.
   *
   * @param failureIsAnAnswer see {@link NodeTools#runSnarkjs(String, List, Path, boolean)}
   */
  private NodeRun snarkjs(String step, List<?> arguments, Path near, boolean failureIsAnAnswer) {
    List<String> command = arguments.stream()
        .map(argument -> argument instanceof Path path ? path.toAbsolutePath().toString() : argument.toString())
        .toList();
    return tools.runSnarkjs("snarkjs " + step, command, near.toAbsolutePath().getParent(), failureIsAnAnswer);
  }

  /** Runs a step that writes {@code target}, into a temporary file beside it, moved into place once the step succeeded. */
  private static StepFigures produce(Path target, Function<Path, NodeRun> step) {
    Path tmp = AtomicFiles.tempBeside(target);
    try {
      NodeRun run = step.apply(tmp).requireSuccess();
      AtomicFiles.move(tmp, target);
      return figures(run);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not move snarkjs' output into " + target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** The wall time of the run and the CPU time and peak memory snarkjs-run.cjs reported for it. */
  private static StepFigures figures(NodeRun run) {
    ExitReport report = run.result().map(Snarkjs::exitReport).orElse(new ExitReport(0, 0, 0, 0));
    return new StepFigures(run.seconds(), report.cpuSeconds(), report.peakRssBytes());
  }

  /** What a VeriRegime script reports of a run, or of one proof of a batch ({@code seconds}). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  private record ExitReport(int exitCode, long peakRssBytes, double cpuSeconds, double seconds) {}

  private static ExitReport exitReport(String payload) {
    return readPayload(payload, ExitReport.class);
  }

  private static <T> T readPayload(String payload, Class<T> type) {
    try {
      return JsonFiles.mapper().readValue(payload, type);
    } catch (IOException e) {
      throw new VeriRegimeException("VeriRegime's snarkjs script reported something VeriRegime cannot read: "
          + payload, e);
    }
  }

  private static List<BigInteger> publicSignals(Path publicJson) {
    try {
      List<String> signals = JsonFiles.mapper().readValue(publicJson.toFile(), new TypeReference<>() {});
      return signals.stream().map(BigInteger::new).toList();
    } catch (IOException | NumberFormatException e) {
      throw new VeriRegimeException("snarkjs wrote public signals VeriRegime cannot read in " + publicJson + ": "
          + e.getMessage(), e);
    }
  }

  private static List<BigInteger> numbers(Object hexList) {
    return ((List<?>) hexList).stream().map(value -> new BigInteger(((String) value).replaceFirst("^0x", ""), 16)).toList();
  }

  private static long number(Map<String, String> values, String key) {
    return Long.parseLong(values.get(key));
  }

  private static <T> T read(Path file, Class<T> type) {
    try {
      return JsonFiles.mapper().readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new VeriRegimeException("snarkjs wrote " + file + " in a form VeriRegime cannot read: " + e.getMessage(), e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temporary file beside an output; the next run overwrites its own
    }
  }
}
