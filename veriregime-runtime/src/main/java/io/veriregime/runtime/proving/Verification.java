package io.veriregime.runtime.proving;

/** A verifier's answer: {@code reason} says why a proof was rejected (null when verified). */
public record Verification(boolean verified, String reason, StepFigures figures) {}
