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
  }
}
