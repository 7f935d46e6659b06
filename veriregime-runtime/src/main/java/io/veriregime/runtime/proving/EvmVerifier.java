package io.veriregime.runtime.proving;

/**
 * A Solidity verifier contract written for a circuit.
 *
 * @param contract its file name
 * @param abi whether its ABI was written too
 * @param abiProblem why not, when not
 * @param onChain what deploying it and verifying a proof on the in-process EVM measured; null where
 *     the backend does not measure it
 */
public record EvmVerifier(String contract, boolean abi, String abiProblem, OnChain onChain) {

  /** EIP-170: the largest runtime bytecode mainnet accepts. */
  public static final int MAX_CONTRACT_BYTES = 24_576;

  /**
   * One verification on the EVM.
   *
   * @param accepted the contract accepted the valid proof it was given
   * @param deployedBytes size of its runtime bytecode (mainnet accepts up to 24,576)
   * @param deploymentGas gas of the deployment transaction
   * @param verifyGas gas of the verification transaction, intrinsic and calldata costs included
   * @param solc the compiler's full version
   * @param hardfork the EVM rules it ran under
   * @param tamperedRejected the contract rejected the same call with a public input changed (recorded
   *     only when it did: a contract that accepts it stops the build)
   */
  public record OnChain(boolean accepted, int deployedBytes, long deploymentGas, long verifyGas, String solc,
                        String hardfork, boolean tamperedRejected) {

    /** Whether mainnet would accept the contract ({@link #MAX_CONTRACT_BYTES}). */
    public boolean fitsMainnet() {
      return deployedBytes <= MAX_CONTRACT_BYTES;
    }
  }
}
