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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One share of Groth16 proofs: per sample, the witness computed in Java from the compiled student and
 * written as {@code .wtns} beside the window ({@code input.json}), then {@code groth16 prove}, whose
 * public outputs must be the witness's; the proof and its public signals go into one proof file.
 */
final class Groth16Prover {

  private final Snarkjs snarkjs;
  private final StageLog log;

  Groth16Prover(Snarkjs snarkjs, StageLog log) {
    this.snarkjs = snarkjs;
    this.log = log;
  }

  /** The share's samples of {@code features} proved one after the other, each into {@code directoryOf.apply(sample)}. */
  List<Proof> prove(CompiledCircuit circuit, StudentCircuit student, Npy.FloatArray features, List<Integer> share,
                    IntFunction<Path> directoryOf) {
    return share.stream().map(sample -> prove(circuit, student, features, sample, directoryOf.apply(sample))).toList();
  }

  private Proof prove(CompiledCircuit circuit, StudentCircuit student, Npy.FloatArray features, int sample, Path dir) {
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
    StepFigures witnessFigures = new StepFigures((System.nanoTime() - started) / 1e9,
        (threads.getCurrentThreadCpuTime() - cpuStarted) / 1e9, 0);
    Snarkjs.ProofFiles proved = inTemporaryDirectory(tmp -> snarkjs.groth16Prove(circuit.dir().resolve(Groth16Backend.ZKEY), wtns,
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
    Path proof = dir.resolve(Groth16Backend.PROOF);
    new ProofFile(proved.proof(), proved.publicSignals().stream().map(BigInteger::toString).toList()).writeTo(proof);
    log.info(String.format(Locale.ROOT, "%s sample %d: witness %.2f s, proof %.2f s (%.2f CPU s)", circuit.model(), sample,
        witnessFigures.seconds(), proved.figures().seconds(), proved.figures().cpuSeconds()));
    return new Proof(proof, outputs, Groth16Backend.PROOF_BYTES, witnessFigures, proved.figures());
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
