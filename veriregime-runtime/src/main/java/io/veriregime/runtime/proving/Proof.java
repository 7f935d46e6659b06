package io.veriregime.runtime.proving;

import java.nio.file.Path;

/**
 * A proof of one sample's inference.
 *
 * @param outputs the circuit's outputs (logits), rescaled to floating point
 * @param proofBytes size of the proof itself (not of the file that carries it)
 */
public record Proof(Path file, double[] outputs, long proofBytes, StepFigures witness, StepFigures prove) {}
