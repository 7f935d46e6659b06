package io.veriregime.runtime.groth16;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.circuit.R1csFile;
import io.veriregime.runtime.circuit.StudentCircuit;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.ModelBinding;
import io.veriregime.runtime.proving.SetupMaterial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A consumer's check that a Groth16 bundle's circuit and verification key are its model's. The
 * constraint system is compiled again from the bundled student ({@code model/}, its calibration
 * windows and the options in {@code constraints.json}) and must equal {@code circuit.r1cs} byte for
 * byte. The key must have the circuit's public signals; and where the consumer has the powers of tau
 * the keys were made from (the same file, by sha256), {@code groth16 setup} is run again: everything in
 * a verification key but δ follows from the circuit and phase 1 (α, β, γ, and IC, the public signals'
 * part), so those must be the bundled key's. δ is the producer's random phase 2: nothing derives it.
 */
final class Groth16Binding {

  /** The fields of a snarkjs verification key that the circuit and phase 1 decide (all but δ and α·β). */
  private static final List<String> FROM_CIRCUIT_AND_PHASE_ONE =
      List.of("protocol", "curve", "nPublic", "vk_alpha_1", "vk_beta_2", "vk_gamma_2", "IC");

  private final Snarkjs snarkjs;
  private final PowersOfTau powersOfTau;

  Groth16Binding(Snarkjs snarkjs, PowersOfTau powersOfTau) {
    this.snarkjs = snarkjs;
    this.powersOfTau = powersOfTau;
  }

  ModelBinding bind(CompiledCircuit circuit, Path onnx, SetupMaterial recorded, Path scratch) {
    Path dir = circuit.dir();
    Path model = dir.resolve(Groth16Backend.MODEL_DIR);
    Path r1cs = dir.resolve(Groth16Backend.R1CS);
    Path vk = dir.resolve(Groth16Backend.VK);
    if (!Files.isDirectory(model) || !Files.isRegularFile(r1cs) || !Files.isRegularFile(dir.resolve(Groth16Backend.CALIBRATION))) {
      return new ModelBinding(false, null, "nothing: these files carry no compiled student (" + Groth16Backend.MODEL_DIR
          + "/, " + Groth16Backend.CALIBRATION + ") and constraint system to compile again, so the verification key is"
          + " not shown to be " + onnx.getFileName() + "'s; verify the whole bundle (groupId:artifactId:version) for that");
    }
    StudentCircuit student;
    try {
      student = Groth16Backend.compiledAgain(dir);
    } catch (VeriRegimeException e) {
      return new ModelBinding(true, "the bundled student " + Groth16Backend.MODEL_DIR + "/ does not compile to the"
          + " bundled circuit (" + e.getMessage() + "): the circuit, keys and proofs are of another model",
          "nothing: the bundled student could not be compiled again");
    }
    Path derived = scratch.resolve(Groth16Backend.R1CS);
    R1csFile.write(student.r1cs(), derived);
    String what = Groth16Backend.MODEL_DIR + "/ compiled again to " + Groth16Backend.R1CS + " byte for byte";
    if (mismatch(derived, r1cs) >= 0) {
      return new ModelBinding(true, r1cs.getFileName() + " is not the constraint system of the bundled model "
          + Groth16Backend.MODEL_DIR + "/ (compiled again it differs): the circuit, keys and proofs are of another model",
          what);
    }
    int signals = student.report().publicInputs() + student.report().publicOutputs();
    JsonNode key = JsonFiles.readTree(vk);
    if (key.path("nPublic").asInt(-1) != signals || key.path("IC").size() != signals + 1) {
      return new ModelBinding(true, vk.getFileName() + " is not a verification key of the bundled model's circuit: it"
          + " has " + key.path("nPublic").asText("no") + " public signals (" + key.path("IC").size() + " IC points), the"
          + " circuit " + signals + ": the keys and proofs are of another model", what);
    }
    Optional<PowersOfTau.PhaseOne> phaseOne = powersOfTau.matching(recorded.sha256(), circuit.cost().logrows(), snarkjs);
    if (phaseOne.isEmpty()) {
      return new ModelBinding(true, null, what + "; " + vk.getFileName() + " has its " + signals + " public signals,"
          + " but its phase-1 part (α, β, γ, IC) is not checked: this build does not have the powers of tau it was made"
          + " from (" + recorded.file() + ", sha256 " + recorded.sha256() + "; set zk.groth16.ptau and ptauSha256 to"
          + " your copy), and its δ (the producer's phase 2) cannot be checked by anyone");
    }
    Path initial = scratch.resolve("circuit_0000.zkey");
    Path again = scratch.resolve(Groth16Backend.VK);
    snarkjs.groth16Setup(derived, phaseOne.get().file(), initial);
    snarkjs.exportVerificationKey(initial, again);
    JsonNode expected = JsonFiles.readTree(again);
    List<String> differ = FROM_CIRCUIT_AND_PHASE_ONE.stream()
        .filter(field -> !expected.path(field).equals(key.path(field))).toList();
    String withPhaseOne = what + "; " + vk.getFileName() + "'s α, β, γ and IC set up again from it with "
        + phaseOne.get().configured() + " (δ, the producer's phase 2, cannot be checked)";
    return new ModelBinding(true, differ.isEmpty() ? null : vk.getFileName() + " is not the verification key of the"
        + " bundled model's circuit with the powers of tau it records (" + String.join(", ", differ) + " differ): the"
        + " keys and proofs are of another model", withPhaseOne);
  }

  /** Where two files first differ, or -1; compared as streams, so a bundle's large constraint system is never held whole. */
  private static long mismatch(Path derived, Path bundled) {
    try {
      return Files.mismatch(derived, bundled);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read " + derived + " and " + bundled + ": " + e.getMessage()
          + ". Check the disk and run the build again.", e);
    }
  }
}
