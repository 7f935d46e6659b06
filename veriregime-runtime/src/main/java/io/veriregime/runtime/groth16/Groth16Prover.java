package io.veriregime.runtime.groth16;

import static io.veriregime.runtime.groth16.Groth16Files.createDirectories;
import static io.veriregime.runtime.groth16.Groth16Files.inTemporaryDirectory;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.circuit.Field;
import io.veriregime.runtime.circuit.StudentCircuit;
import io.veriregime.runtime.circuit.Witness;
import io.veriregime.runtime.circuit.WtnsFile;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.groth16.Groth16Files.ProofFile;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.StepFigures;
import io.veriregime.runtime.stage.StageLog;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One share of Groth16 proofs: per sample, the witness computed in Java from the compiled student and
 * written as {@code .wtns} beside the window ({@code input.json}); then the share's proofs in one
 * long-lived snarkjs process ({@link Snarkjs#groth16ProveAll}: Node.js, snarkjs, the curve and the
 * proving key loaded once, not once per proof), whose public outputs must be the witnesses'; each proof
 * and its public signals go into one proof file.
 */
final class Groth16Prover {

  private final Snarkjs snarkjs;
  private final StageLog log;

  Groth16Prover(Snarkjs snarkjs, StageLog log) {
    this.snarkjs = snarkjs;
    this.log = log;
  }

  /** A sample's witness, computed and written beside its window, before the share is proved. */
  private record Witnessed(int sample, Path dir, Witness witness, Path wtns, StepFigures figures) {}

  /**
   * The share's samples of {@code features}, each into {@code directoryOf.apply(sample)}: every witness
   * first, then all the proofs in one snarkjs process that reads the proving key once.
   */
  List<Proof> prove(CompiledCircuit circuit, StudentCircuit student, Npy.FloatArray features, List<Integer> share,
                    IntFunction<Path> directoryOf) {
    List<Witnessed> witnessed = share.stream()
        .map(sample -> witness(student, features, sample, directoryOf.apply(sample))).toList();
    return inTemporaryDirectory(tmp -> {
      List<Snarkjs.ProofFiles> proved = snarkjs.groth16ProveAll(circuit.dir().resolve(Groth16Backend.ZKEY),
          witnessed.stream().map(Witnessed::wtns).toList(), tmp);
      List<Proof> proofs = new ArrayList<>();
      for (int i = 0; i < witnessed.size(); i++) {
        proofs.add(proofOf(circuit, student, witnessed.get(i), proved.get(i)));
      }
      return proofs;
    });
  }

  private static Witnessed witness(StudentCircuit student, Npy.FloatArray features, int sample, Path dir) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long started = System.nanoTime();
    long cpuStarted = threads.getCurrentThreadCpuTime();
    createDirectories(dir);
    float[] window = features.row(sample);
    Witness witness = student.witness(window);
    writeWindow(dir.resolve(Groth16Backend.WINDOW), window);
    Path wtns = dir.resolve(Groth16Backend.WITNESS);
    WtnsFile.write(witness, wtns);
    // computed in the build's JVM: no process of its own whose peak memory would mean anything
    return new Witnessed(sample, dir, witness, wtns, new StepFigures((System.nanoTime() - started) / 1e9,
        (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9, 0));
  }

  /** The proof file of a sample, once snarkjs' public outputs are found to be the witness's. */
  private Proof proofOf(CompiledCircuit circuit, StudentCircuit student, Witnessed witnessed, Snarkjs.ProofFiles proved) {
    long[] logits = witnessed.witness().logits();
    double[] outputs = new double[logits.length];
    for (int o = 0; o < logits.length; o++) {
      BigInteger signal = proved.publicSignals().get(o);
      if (!signal.equals(Field.of(logits[o]))) {
        throw new VeriRegimeException("snarkjs proved output " + o + " of test sample " + witnessed.sample() + " as "
            + signal + ", but the witness VeriRegime computed has " + logits[o] + "; the circuit's files in "
            + circuit.dir() + " do not fit together. Run zk-compile again (-Dveriregime.force).");
      }
      outputs[o] = Field.toSigned(signal).doubleValue() * student.fixedPoint().outputUnit();
    }
    Path proof = witnessed.dir().resolve(Groth16Backend.PROOF);
    new ProofFile(proved.proof(), proved.publicSignals().stream().map(BigInteger::toString).toList()).writeTo(proof);
    log.info(String.format(Locale.ROOT, "%s sample %d: witness %.2f s, proof %.2f s (%.2f CPU s)", circuit.model(),
        witnessed.sample(), witnessed.figures().seconds(), proved.figures().seconds(), proved.figures().cpuSeconds()));
    return new Proof(proof, outputs, Groth16Backend.PROOF_BYTES, witnessed.figures(), proved.figures());
  }

  /** {@code {"input_data": [[...]]}}: EZKL's input format, which a bundle's consumer reads for either backend. */
  private static void writeWindow(Path file, float[] window) {
    double[] values = new double[window.length];
    for (int i = 0; i < window.length; i++) {
      values[i] = window[i];
    }
    JsonFiles.write(file, Map.of("input_data", List.of(values)));
  }
}
