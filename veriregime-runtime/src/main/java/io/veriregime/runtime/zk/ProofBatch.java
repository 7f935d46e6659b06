package io.veriregime.runtime.zk;

import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.proving.CompiledCircuit;
import java.nio.file.Path;
import java.util.List;

/**
 * What one zk-prove unit proves: test windows ({@code samples}, rows of {@code features}) of one
 * circuit, each into its own {@code sample-N/} directory of {@code stageDir}.
 *
 * @param featuresFile the file {@code features} were read from, for a share that runs where they are not in memory
 */
record ProofBatch(CompiledCircuit circuit, Path featuresFile, Npy.FloatArray features, List<Integer> samples,
                  Path stageDir) {

  ProofBatch {
    samples = List.copyOf(samples);
  }

  /** Where a sample's files end up. */
  Path sampleDir(int sample) {
    return stageDir.resolve("sample-" + sample);
  }
}
