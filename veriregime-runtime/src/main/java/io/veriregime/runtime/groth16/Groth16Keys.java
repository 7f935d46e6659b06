package io.veriregime.runtime.groth16;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.circuit.ConstraintReport;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.KeySetup;
import io.veriregime.runtime.proving.SetupMaterial;
import io.veriregime.runtime.proving.StepFigures;
import io.veriregime.runtime.stage.StageLog;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Groth16 circuit's keys: the phase-1 file for its size ({@link PowersOfTau}, prepared once per power
 * in a build), then phase 2, this build's own contribution or a second party's checked key.
 */
final class Groth16Keys {

  private final Snarkjs snarkjs;
  private final PowersOfTau powersOfTau;
  /** A second party's key (zk.groth16.zkey) that replaces this build's own setup; null for its own. */
  private final PhaseTwo.ContributedKey contributedKey;
  private final StageLog log;
  private final Map<Integer, PowersOfTau.PhaseOne> phaseOnes = new ConcurrentHashMap<>();

  Groth16Keys(Snarkjs snarkjs, PowersOfTau powersOfTau, PhaseTwo.ContributedKey contributedKey, StageLog log) {
    this.snarkjs = snarkjs;
    this.powersOfTau = powersOfTau;
    this.contributedKey = contributedKey;
    this.log = log;
  }

  /** The phase-1 file as configured (or the cached development file's name), never a path of this machine. */
  SetupMaterial setupMaterial(CompiledCircuit circuit) {
    PowersOfTau.PhaseOne phaseOne = phaseOne(circuit.cost().logrows());
    // verification needs only the verification key: the phase-1 file stays where it is (the cache or the configured file)
    return new SetupMaterial(powersOfTau.generated() ? "generated" : "file", phaseOne.configured(), phaseOne.sha256(),
        phaseOne.secure(), phaseOne.warning(), phaseOne.generation());
  }

  /**
   * groth16 setup, one contribution with fresh secret entropy (the key nobody else can forge with), the
   * verification key; or, with zk.groth16.zkey, a second party's key for this circuit, checked, instead.
   */
  KeySetup setup(CompiledCircuit circuit, Path keyDir) {
    PowersOfTau.PhaseOne phaseOne = phaseOne(circuit.cost().logrows());
    Path initial = keyDir.resolve("circuit_0000.zkey");
    Path zkey = keyDir.resolve(Groth16Backend.ZKEY);
    Path vk = keyDir.resolve(Groth16Backend.VK);
    try {
      StepFigures setup;
      StepFigures contribution;
      if (contributedKey != null) {
        setup = contributedKey.install(snarkjs, circuit.dir().resolve(Groth16Backend.R1CS), phaseOne, zkey, log);
        contribution = new StepFigures(0, 0, 0);
      } else {
        setup = snarkjs.groth16Setup(circuit.dir().resolve(Groth16Backend.R1CS), phaseOne.file(), initial);
        contribution = snarkjs.zkeyContribute(initial, zkey, "VeriRegime " + circuit.model());
      }
      Snarkjs.VerificationKey key = snarkjs.exportVerificationKey(zkey, vk);
      ConstraintReport report = JsonFiles.read(circuit.dir().resolve(Groth16Backend.CONSTRAINTS), Groth16Backend.CircuitReport.class).constraints();
      if (key.nPublic() != report.publicInputs() + report.publicOutputs()) {
        throw new VeriRegimeException("snarkjs set " + circuit.dir().resolve(Groth16Backend.R1CS) + " up with " + key.nPublic()
            + " public signals, not the circuit's " + (report.publicInputs() + report.publicOutputs())
            + "; run zk-compile again (-Dveriregime.force).");
      }
      return new KeySetup(new StepFigures(setup.seconds() + contribution.seconds(),
          setup.cpuSeconds() + contribution.cpuSeconds(), Math.max(setup.peakMemoryBytes(), contribution.peakMemoryBytes())),
          Groth16Files.size(vk), Groth16Files.size(zkey));
    } finally {
      Groth16Files.deleteQuietly(initial);
    }
  }

  private PowersOfTau.PhaseOne phaseOne(int power) {
    return phaseOnes.computeIfAbsent(power, p -> powersOfTau.forPower(p, snarkjs));
  }
}
