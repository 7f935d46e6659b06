package io.veriregime.runtime.proving;

import io.veriregime.runtime.files.Npy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A proof system that turns an exported model into a circuit and proves its inference: the seam
 * between the zk stages (which orchestrate: budget, rounds, timings, agreement with the float model,
 * the tamper policy, summaries) and one system's tools. Every method writes its files atomically
 * into the directory it is given, and a step the system rejects ends in a {@code VeriRegimeException}
 * that says what to change.
 */
public interface ProvingBackend {

  /** {@code zk.backend} value, e.g. {@code ezkl}. */
  String name();

  /** The pinned version of the system's tools, recorded in every manifest. */
  String version();

  /**
   * Compiles the model into a circuit in {@code dir}, calibrating its precision on (some of) the
   * samples of {@code calibration}: from {@code onnx}, its export (EZKL), or from {@code modelDir},
   * the model directory it was exported from (a compiler of its own that reads model.json, as
   * Groth16's); {@code configKey} is the experiment section the model comes from, for advice when it
   * cannot be compiled.
   */
  CompiledCircuit compile(String model, Path modelDir, Path onnx, Npy.FloatArray calibration, Path dir,
                          String configKey);

  /**
   * The circuit {@code onnx} would make before any calibration (its settings written into {@code dir}):
   * the size the system lays the model out at with its default precision, for estimating a cost without
   * paying for a calibration. Only a backend that compiles the teacher answers ({@code
   * ProvingBackends.compilesTeacher}); the others refuse.
   */
  default CircuitCost uncalibratedCost(String model, Path onnx, Path dir) {
    throw new UnsupportedOperationException(name() + " has no uncalibrated circuit size");
  }

  /**
   * The compiled {@code circuit} laid out again on a domain of 2^{@code logrows} rows (fewer rows,
   * more columns), into {@code dir}: the same model at the same precision, so the same outputs, at
   * another cost. A size the system cannot lay the circuit out at, or a system without such a
   * choice (Groth16: one constraint system, one size), ends in a {@code VeriRegimeException} that says why.
   */
  CompiledCircuit resize(CompiledCircuit circuit, Path onnx, int logrows, Path dir);

  /** Prepares the public setup material (SRS, powers of tau) a circuit of this size needs. */
  SetupMaterial prepareSetupMaterial(CompiledCircuit circuit);

  /** Creates the circuit's proving and verifying keys in {@code keyDir}. */
  KeySetup setup(CompiledCircuit circuit, Path keyDir);

  /**
   * Computes the witness for each of rows {@code samples} of {@code features} and proves it, into
   * {@code directoryOf.apply(sample)}, spread over {@code pool}; the proofs come back in the order of
   * {@code samples}. Proving is not verifying: the caller verifies each proof.
   */
  List<Proof> proveAll(CompiledCircuit circuit, Npy.FloatArray features, List<Integer> samples,
                       IntFunction<Path> directoryOf, ProverPool pool);

  /**
   * Before proofs of a circuit set up in another build are verified here (its files unpacked into
   * {@code circuit.dir()} under the names of the backend's {@link CircuitFileRoles}): checks that this
   * verifier will use the setup material the keys were made from, as that build recorded it, and
   * says which setting to change when it would not. A backend whose verifier reads no setup material
   * has nothing to check, and warns of the trust its keys ask for that no check can replace.
   */
  void checkSetupMaterial(CompiledCircuit circuit, SetupMaterial recorded);

  /**
   * Derives again, in {@code scratch}, what a consumer can derive from the model a bundle carries
   * ({@code onnx}, or the model its circuit directory carries) and the circuit's own files, with the
   * setup material the keys were made from ({@code recorded}), and compares it with the verifying key
   * in {@code circuit.dir()}; what cannot be derived again is said, with what that leaves.
   */
  ModelBinding bindToModel(CompiledCircuit circuit, Path onnx, SetupMaterial recorded, Path scratch);

  /** The verifier's answer for each proof, in order (one process for all of them where the system allows). */
  List<Verification> verifyAll(CompiledCircuit circuit, List<Path> proofs);

  default Verification verify(CompiledCircuit circuit, Path proof) {
    return verifyAll(circuit, List.of(proof)).get(0);
  }

  /**
   * Copies of a valid proof, each altered so that a sound verifier must reject it (e.g. a flipped
   * byte, a changed public output), by what was altered.
   */
  Map<String, Path> tamperedCopies(Path validProof, Path dir);

  /**
   * Writes a Solidity verifier for the circuit into {@code dir}, and, where the backend can, deploys
   * it on the in-process EVM and calls it with {@code proof} (a valid proof of this circuit) to
   * measure its gas.
   */
  EvmVerifier evmVerifier(CompiledCircuit circuit, Path dir, Path proof);
}
