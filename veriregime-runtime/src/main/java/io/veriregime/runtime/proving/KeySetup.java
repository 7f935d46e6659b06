package io.veriregime.runtime.proving;

/** The keys a setup produced and what producing them took. */
public record KeySetup(StepFigures figures, long vkBytes, long pkBytes) {}
