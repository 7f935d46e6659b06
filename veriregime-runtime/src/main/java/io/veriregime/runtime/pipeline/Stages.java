package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.bundle.BundleStage;
import io.veriregime.runtime.data.DataStage;
import io.veriregime.runtime.distill.DistillStage;
import io.veriregime.runtime.optimize.OptimizeStage;
import io.veriregime.runtime.report.ReportStage;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.train.TeacherStage;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkProveStage;
import java.util.List;

/** Every stage, in pipeline order; the runner finds stages here by name. */
public final class Stages {

  private static final List<Stage> ALL = List.of(
      new DataStage(), new TeacherStage(), new DistillStage(), new OptimizeStage(), new ZkCompileStage(),
      new ZkProveStage(), new ReportStage(), new BundleStage());

  private Stages() {}

  public static List<Stage> all() {
    return ALL;
  }

  public static List<String> names() {
    return ALL.stream().map(Stage::name).toList();
  }

  public static Stage byName(String name) {
    return ALL.stream().filter(stage -> stage.name().equals(name)).findFirst()
        .orElseThrow(() -> new VeriRegimeException("Unknown stage '" + name + "'. Stages: "
            + String.join(", ", names()) + "."));
  }
}
