package io.veriregime.runtime.groth16;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.JsonFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The files the Groth16 backend writes besides snarkjs' own: its proof file, the split into the two
 * files snarkjs reads, and the temporary directory those live in.
 */
final class Groth16Files {

  private Groth16Files() {}

  /**
   * The proof file of one sample: snarkjs' proof and its public signals (the outputs, then the inputs
   * or, with zk.groth16.packInputs, their packed signals) as decimal strings.
   */
  record ProofFile(Snarkjs.Groth16Proof proof, List<String> publicSignals) {

    Path writeTo(Path file) {
      JsonFiles.write(file, this);
      return file;
    }
  }

  /** A proof file split into the two files snarkjs reads, in {@code dir}. */
  record SnarkjsFiles(Path proof, Path publicSignals) {
    static SnarkjsFiles of(Path proofFile, Path dir) {
      ProofFile proof = JsonFiles.read(proofFile, ProofFile.class);
      SnarkjsFiles files = new SnarkjsFiles(dir.resolve("proof.json"), dir.resolve("public.json"));
      JsonFiles.write(files.proof(), proof.proof());
      JsonFiles.write(files.publicSignals(), proof.publicSignals());
      return files;
    }
  }

  /**
   * Runs {@code work} with a fresh directory in the system's temporary directory, deleted after:
   * snarkjs' own proof and public-signal files never enter a stage's outputs, which hold only the files it lists.
   */
  static <T> T inTemporaryDirectory(Function<Path, T> work) {
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
        files.sorted(Comparator.reverseOrder()).forEach(Groth16Files::deleteQuietly);
      } catch (IOException ignored) {
        // a leftover in the temporary directory is harmless
      }
    }
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not read the size of " + file + ", which snarkjs has just written: "
          + e.getMessage() + ". Check the disk and run the build again.", e);
    }
  }

  static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new VeriRegimeException("Could not create " + dir + ": " + e.getMessage() + ". Check the disk.", e);
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temporary file; the next run overwrites its own
    }
  }
}
