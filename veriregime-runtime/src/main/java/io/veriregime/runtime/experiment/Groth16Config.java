package io.veriregime.runtime.experiment;

/**
 * The {@code zk.groth16:} section: settings only the Groth16 backend has (the Node.js that runs snarkjs
 * is {@code zk.node:}, which EZKL's on-chain check shares).
 *
 * @param ptau {@code generate} for a local, insecure phase-1 file per circuit size, or a path to a
 *     trusted one prepared for phase 2 (a public ceremony's {@code .ptau})
 * @param ptauSha256 the expected SHA-256 of {@code ptau} when it is a file
 * @param fractionBits the circuit's fixed-point precision s: inputs are integers at 2^−s and every
 *     activation is rescaled to a unit of at most 2^−s (more bits: closer to the float model, wider range checks)
 * @param headroomBits bits of range above the largest activation the calibration windows reach, so
 *     windows up to 2^headroomBits times larger still have a witness
 * @param packInputs the window's values private, range-checked and packed into a few public signals,
 *     so that the Solidity verifier (whose size and gas grow with the public signals) stays small, for
 *     one range check per value in the circuit
 *     (fractionBits, headroomBits and packInputs are the keys of this section that change the circuit)
 * @param zkey a proving key of this build's circuit that a second party contributed to (phase 2), used
 *     instead of a key of zk-compile's own once snarkjs accepts it as this circuit's; null for zk-compile's own
 * @param zkeySha256 the expected SHA-256 of {@code zkey}
 */
public record Groth16Config(String ptau, String ptauSha256,
                            int fractionBits, int headroomBits, boolean packInputs, String zkey,
                            String zkeySha256) implements ConfigSection {

  public static final String GENERATED_PTAU = "generate";

  static final Groth16Config DEFAULTS = new Groth16Config(
      GENERATED_PTAU,
      null,
      13,
      1,
      false,
      null,
      null);

  public boolean generatedPtau() {
    return GENERATED_PTAU.equals(ptau);
  }

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(generatedPtau() || ptauSha256 != null, "ptauSha256", "is required when ptau is a file (" + ptau + ")",
        "Add ptauSha256: <sha256 of the .ptau file>, or use ptau: generate for development.");
    checks.require(ptauSha256 == null || ptauSha256.matches("[0-9a-fA-F]{64}"), "ptauSha256",
        "must be 64 hexadecimal characters", "Copy the hash from `sha256sum <ptau file>`.");
    checks.require(zkey == null || zkeySha256 != null, "zkeySha256", "is required with zkey (" + zkey + ")",
        "Add zkeySha256: <sha256 of the contributed key>, as its contributor reported it (`sha256sum circuit.zkey`).");
    checks.require(zkeySha256 == null || zkeySha256.matches("[0-9a-fA-F]{64}"), "zkeySha256",
        "must be 64 hexadecimal characters", "Copy the hash from `sha256sum <zkey file>`.");
    checks.require(fractionBits >= 1 && fractionBits <= 24, "fractionBits", "must be between 1 and 24, got " + fractionBits,
        "13 (the default) keeps the student within about 1e-3 of its float model; fewer bits give fewer constraints.");
    checks.require(headroomBits >= 0 && headroomBits <= 16, "headroomBits", "must be between 0 and 16, got " + headroomBits,
        "1 (the default) admits windows up to twice the calibration windows' largest activations.");
  }
}
