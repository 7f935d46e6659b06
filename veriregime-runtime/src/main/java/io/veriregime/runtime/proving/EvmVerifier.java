package io.veriregime.runtime.proving;

/**
 * A Solidity verifier contract written for a circuit.
 *
 * @param contract its file name
 * @param abi whether its ABI was written too
 * @param abiProblem why not, when not
 */
public record EvmVerifier(String contract, boolean abi, String abiProblem) {}
