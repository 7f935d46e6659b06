package io.veriregime.maven;

import io.veriregime.runtime.pipeline.StageRequest;
import io.veriregime.runtime.pipeline.StageRunner;
import io.veriregime.runtime.pipeline.SweepRunner;
import io.veriregime.runtime.stage.StageLog;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Runs every variant of the experiment's sweep section (each combination of sweep.grid and
 * sweep.months) through the pipeline up to its report, into target/veriregime/sweep/ID/, stages
 * that variants share run once; writes sweep/summary.json and sweep/report.html with the Pareto
 * charts and the choice by validation scores. Bound to no phase: run it as mvn veriregime:sweep.
 */
@Mojo(name = "sweep", threadSafe = true)
public class SweepMojo extends AbstractStageMojo {

  @Override
  String stageName() {
    return "sweep";
  }

  @Override
  void run(StageRequest request, StageLog log) {
    SweepRunner.run(StageRunner.withChildJvms(runtimeClasspath(), log), request, log);
  }
}
