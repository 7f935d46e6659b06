package io.veriregime.runtime.experiment;

/** The whole {@code experiment.yaml}; every key has a default (see README). */
public record ExperimentConfig(
    String name,
    long seed,
    ComputeConfig compute,
    DataConfig data,
    TeacherConfig teacher,
    StudentConfig student,
    DistillConfig distill,
    OptimizeConfig optimize,
    ZkConfig zk,
    GatesConfig gates,
    BundleConfig bundle,
    ClusterConfig cluster,
    SweepConfig sweep)
    implements ConfigSection {

  private static final int MAX_NAME = 100;

  static final ExperimentConfig DEFAULTS = new ExperimentConfig(
      "experiment",
      42,
      ComputeConfig.DEFAULTS,
      DataConfig.DEFAULTS,
      TeacherConfig.DEFAULTS,
      StudentConfig.DEFAULTS,
      DistillConfig.DEFAULTS,
      OptimizeConfig.DEFAULTS,
      ZkConfig.DEFAULTS,
      GatesConfig.DEFAULTS,
      BundleConfig.DEFAULTS,
      ClusterConfig.DEFAULTS,
      SweepConfig.DEFAULTS);

  @Override
  public void validate(ConfigChecks checks) {
    checks.require(name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"), "name",
        "must be a simple name (letters, digits, '.', '_', '-'), got '" + name + "'", "It names the output bundle.");
    // it names files (the bundle zip, the work directory of a consumer's verify-proof): a file name has 255 bytes
    checks.require(name.length() <= MAX_NAME, "name", "must be at most " + MAX_NAME + " characters (it names the bundle's"
        + " files), got " + name.length(), "Use a shorter name.");
    StudentMemory.require(checks, data.window() * data.features().size(), student);
  }
}
