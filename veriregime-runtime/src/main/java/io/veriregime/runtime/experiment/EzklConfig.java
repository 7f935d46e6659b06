package io.veriregime.runtime.experiment;

import java.nio.file.Path;

/**
 * The {@code zk.ezkl:} section: settings only the EZKL backend (Halo2 with KZG) has.
 *
 * @param ezklExecutable an {@code ezkl} CLI to use instead of the managed environment
 * @param python a Python interpreter that already has the pinned {@code ezkl} package
 * @param toolsDir where the managed Python environment with the pinned {@code ezkl} lives
 * @param pipIndexUrl the package index pip installs the pinned {@code ezkl} from (a PyPI mirror); null for PyPI
 * @param maxLogrows cap on the circuit size EZKL may calibrate to; null for no cap
 * @param srs {@code generate} for a local, insecure development SRS, or a path to a trusted one
 * @param srsSha256 the expected SHA-256 of {@code srs} when it is a file
 * @param logrowsTrials how many sizes below the calibrated logrows zk-compile sets up and proves
 *     once each, keeping whichever correct one is best by {@code logrowsObjective}; 0 keeps the
 *     calibrated size untried
 * @param logrowsObjective what the trials minimise
 */
public record EzklConfig(
    Path ezklExecutable,
    Path python,
    Path toolsDir,
    String pipIndexUrl,
    Visibility inputVisibility,
    Visibility outputVisibility,
    Visibility paramVisibility,
    CalibrationTarget calibrationTarget,
    int calibrationSamples,
    Integer maxLogrows,
    double lookupSafetyMargin,
    String srs,
    String srsSha256,
    int logrowsTrials,
    LogrowsObjective logrowsObjective)
    implements ConfigSection {

  public static final String GENERATED_SRS = "generate";

  static final EzklConfig DEFAULTS = new EzklConfig(
      null,
      null,
      Path.of(System.getProperty("user.home"), ".veriregime", "ezkl"),
      null,
      Visibility.PUBLIC,
      Visibility.PUBLIC,
      Visibility.FIXED,
      CalibrationTarget.RESOURCES,
      20,
      null,
      2.0,
      GENERATED_SRS,
      null,
      1,
      LogrowsObjective.PROVE_TIME);

  public boolean generatedSrs() {
    return GENERATED_SRS.equals(srs);
  }

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(ezklExecutable == null || python == null, "python", "cannot be set together with ezklExecutable",
        "Keep one of them: ezklExecutable for the ezkl CLI, or python for an interpreter with the ezkl package.");
    // a fixed input or output is a constant of the circuit: the circuit zk-compile builds once could
    // prove only the one window it was compiled with, not the test windows zk-prove proves
    checks.require(inputVisibility != Visibility.FIXED, "inputVisibility",
        "fixed makes the input a constant of the circuit, which then cannot prove other windows",
        "Use public (the default), private or hashed.");
    checks.require(outputVisibility != Visibility.FIXED, "outputVisibility",
        "fixed makes the output a constant of the circuit, which then cannot prove other windows",
        "Use public (the default), private or hashed.");
    checks.require(paramVisibility != Visibility.PUBLIC, "paramVisibility",
        "public is not accepted by EZKL 23 (it deprecated public parameters)",
        "Use fixed (the default: weights are constants of the circuit), private or hashed.");
    checks.require(pipIndexUrl == null || pipIndexUrl.matches("(?i)https?://[^/?#\\s]+(/\\S*)?"), "pipIndexUrl",
        "must be an http or https URL, got '" + pipIndexUrl + "'",
        "Write the simple index of a PyPI mirror, e.g. https://pypi.example.com/simple, or remove it to use PyPI.");
    checks.positive(calibrationSamples, "calibrationSamples");
    checks.require(maxLogrows == null || (maxLogrows >= 8 && maxLogrows <= 26), "maxLogrows",
        "must be between 8 and 26, got " + maxLogrows, "Remove it for no cap, or use e.g. 20.");
    checks.require(lookupSafetyMargin >= 1, "lookupSafetyMargin", "must be at least 1, got " + lookupSafetyMargin, "EZKL's default is 2.");
    checks.require(generatedSrs() || srsSha256 != null, "srsSha256", "is required when srs is a file (" + srs + ")",
        "Add srsSha256: <sha256 of the SRS file>, or use srs: generate for development.");
    checks.require(logrowsTrials >= 0 && logrowsTrials <= 4, "logrowsTrials", "must be between 0 and 4, got " + logrowsTrials,
        "Use 0 to keep the calibrated size, 1 (the default) or 2: each trial costs a setup and a proof, and sizes"
            + " further below the calibrated one were slower in every measurement.");
    checks.require(srsSha256 == null || srsSha256.matches("[0-9a-fA-F]{64}"), "srsSha256",
        "must be 64 hexadecimal characters", "Copy the hash from `sha256sum <srs file>`.");
  }
}
