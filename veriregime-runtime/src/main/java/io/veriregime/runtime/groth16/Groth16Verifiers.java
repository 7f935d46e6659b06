package io.veriregime.runtime.groth16;

import static io.veriregime.runtime.groth16.Groth16Files.createDirectories;
import static io.veriregime.runtime.groth16.Groth16Files.inTemporaryDirectory;

import io.veriregime.runtime.circuit.Field;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.groth16.Groth16Files.ProofFile;
import io.veriregime.runtime.groth16.Groth16Files.SnarkjsFiles;
import io.veriregime.runtime.node.NodeTools;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.StageLog;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groth16's verifiers, snarkjs' and the Solidity one on the in-process EVM, and the tampered claims
 * each must reject.
 */
final class Groth16Verifiers {

  private final NodeTools tools;
  private final Snarkjs snarkjs;
  private final StageLog log;

  Groth16Verifiers(NodeTools tools, Snarkjs snarkjs, StageLog log) {
    this.tools = tools;
    this.snarkjs = snarkjs;
    this.log = log;
  }

  /** Each proof checked by {@code groth16 verify} against the circuit's verification key. */
  List<Verification> verifyAll(CompiledCircuit circuit, List<Path> proofs) {
    Path vk = circuit.dir().resolve(Groth16Backend.VK);
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
  static Map<String, Path> tamperedCopies(Path validProof, Path dir) {
    ProofFile valid = JsonFiles.read(validProof, ProofFile.class);
    createDirectories(dir);
    Map<String, Path> tampered = new LinkedHashMap<>();
    tampered.put("changedOutput", new ProofFile(valid.proof(), withSignalPlusOne(valid.publicSignals(), 0))
        .writeTo(dir.resolve("changed-output.proof.json")));
    tampered.put("changedInput", new ProofFile(valid.proof(),
        withSignalPlusOne(valid.publicSignals(), valid.publicSignals().size() - 1)).writeTo(dir.resolve("changed-input.proof.json")));
    List<String> pointA = new ArrayList<>(valid.proof().piA());
    pointA.set(0, new BigInteger(pointA.get(0)).add(BigInteger.ONE).toString());
    Snarkjs.Groth16Proof moved = new Snarkjs.Groth16Proof(pointA, valid.proof().piB(), valid.proof().piC(),
        valid.proof().protocol(), valid.proof().curve());
    tampered.put("changedProofPoint", new ProofFile(moved, valid.publicSignals())
        .writeTo(dir.resolve("changed-proof-point.proof.json")));
    return tampered;
  }

  /**
   * snarkjs' Solidity verifier (the verification key built in) and the calldata of {@code proof},
   * deployed and called on the in-process EVM for its size and gas.
   */
  EvmVerifier evmVerifier(CompiledCircuit circuit, Path dir, Path proof) {
    Path sol = dir.resolve(Groth16Backend.VERIFIER);
    snarkjs.exportSolidityVerifier(circuit.dir().resolve(Groth16Backend.ZKEY), sol);
    Snarkjs.SolidityCalldata calldata = calldata(proof);
    JsonFiles.write(dir.resolve(Groth16Backend.CALLDATA), calldata);
    // the first public signal is the first output: claiming another output must not verify
    int last = calldata.publicSignals().size() - 1;
    byte[] changedOutput = calldata.withPublicSignal(0, plusOne(calldata.publicSignals().get(0))).encodedArguments();
    byte[] changedInput = calldata.withPublicSignal(last, plusOne(calldata.publicSignals().get(last))).encodedArguments();
    EvmVerifier.OnChain onChain = tools.evm().callFunction(sol, Groth16Backend.VERIFIER_CONTRACT, "verifyProof", calldata.encodedArguments(),
        List.of(changedOutput, changedInput)).onChain("snarkjs", proof, "the first output or the last input changed", log);
    return new EvmVerifier(Groth16Backend.VERIFIER, false, "snarkjs writes no ABI: the contract's one entry point is verifyProof(uint[2]"
        + " a, uint[2][2] b, uint[2] c, uint[N] pubSignals); " + Groth16Backend.CALLDATA + " holds its arguments for the first proof",
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
  private Snarkjs.SolidityCalldata calldata(Path proof) {
    return inTemporaryDirectory(tmp -> {
      SnarkjsFiles files = SnarkjsFiles.of(proof, tmp);
      return snarkjs.exportSolidityCalldata(files.publicSignals(), files.proof());
    });
  }
}
