package io.veriregime.runtime.proving;

/**
 * The public setup material a circuit was set up with.
 *
 * @param kind {@code generated} (made locally, insecure) or {@code file} (a trusted ceremony file)
 * @param file where it is: relative to the circuit's directory when generated there (EZKL), the name of
 *     the development file in the tools' cache when generated there (Groth16's powers of tau, not needed
 *     to verify), else as configured (relative to the experiment file); never an absolute path of the
 *     machine that built it
 * @param secure false when whoever generated it could forge proofs
 * @param warning said wherever it is used when not secure; null when secure
 * @param generation the time spent generating it in this build; null for a file, or a development SRS
 *     made by an earlier build and reused
 */
public record SetupMaterial(String kind, String file, String sha256, boolean secure, String warning,
                            StepFigures generation) {}
