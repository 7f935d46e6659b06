package io.veriregime.runtime.groth16;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.circuit.Field;
import io.veriregime.runtime.circuit.StudentCircuit;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.proving.ProofClaims;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The public signals of a Groth16 proof against a sample: the compiled student gives the window's
 * signals exactly (the outputs it computes, then the window's values or their packed signals), and
 * the claimed outputs are the output signals times the output unit.
 */
final class Groth16Signals {

  /** A claimed output is an output signal times the unit: a tolerance for printing alone. */
  private static final double OUTPUT_TOLERANCE = 1e-6;

  private Groth16Signals() {}

  static final ProofClaims CLAIMS = new ProofClaims() {
    @Override
    public List<Optional<String>> mismatches(Path circuitDir, List<ProofClaims.Claim> claims) {
      StudentCircuit student = Groth16Backend.compiledAgain(circuitDir);
      int signals = student.report().publicOutputs() + student.report().publicInputs();
      List<Optional<String>> answers = new ArrayList<>();
      for (ProofClaims.Claim claim : claims) {
        answers.add(mismatch(student, signals, claim));
      }
      return answers;
    }

    @Override
    public boolean canCheck(Path circuitDir) {
      return Files.isDirectory(circuitDir.resolve(Groth16Backend.MODEL_DIR));
    }
  };

  private static Optional<String> mismatch(StudentCircuit student, int signals, ProofClaims.Claim claim) {
    List<String> proved = JsonFiles.read(claim.proof(), Groth16Files.ProofFile.class).publicSignals();
    if (proved == null || proved.size() != signals) {
      return Optional.of("it has " + (proved == null ? 0 : proved.size()) + " public signals, the circuit " + signals);
    }
    BigInteger[] expected;
    try {
      expected = student.witness(claim.window()).wires();
    } catch (VeriRegimeException e) {
      return Optional.of("the circuit cannot take the sample's window (" + e.getMessage() + ")");
    }
    for (int i = 0; i < signals; i++) {
      // wire 0 is the constant 1; the public signals follow it
      if (!expected[i + 1].toString().equals(proved.get(i))) {
        boolean output = i < student.report().publicOutputs();
        return Optional.of("its public signal " + i + " (" + (output ? "output " + i : "the window") + ") is "
            + proved.get(i) + ", the sample's window gives " + expected[i + 1]);
      }
    }
    double unit = student.fixedPoint().outputUnit();
    for (int o = 0; o < claim.outputs().length; o++) {
      double value = Field.toSigned(new BigInteger(proved.get(o))).doubleValue() * unit;
      if (Math.abs(value - claim.outputs()[o]) > OUTPUT_TOLERANCE) {
        return Optional.of(String.format(Locale.ROOT, "its output %d is %s, the claimed output is %s", o, value,
            claim.outputs()[o]));
      }
    }
    return Optional.empty();
  }
}
