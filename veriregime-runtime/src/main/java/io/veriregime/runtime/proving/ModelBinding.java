package io.veriregime.runtime.proving;

/**
 * What re-deriving a circuit's verifying key from the model a bundle carries showed: the proofs
 * verify against that key, so only a key derived from the model says the proofs are of that model.
 *
 * @param derived whether the backend could derive the key again (a random setup cannot be)
 * @param problem what differs, naming the model and the key; null when they match or nothing was derived
 * @param what what was derived and compared, or why nothing could be, for the consumer's log
 */
public record ModelBinding(boolean derived, String problem, String what) {}
