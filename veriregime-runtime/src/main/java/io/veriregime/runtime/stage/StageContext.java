package io.veriregime.runtime.stage;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.net.Proxies;
import java.nio.file.Path;

/**
 * Everything a stage needs from its caller.
 *
 * @param layout where every stage's outputs live
 * @param offline never touch the network; a cache miss is an error
 * @param proxies the proxies for downloads (Binance, PyPI)
 * @param force run even when the outputs are up to date
 * @param provingSkipped why this build skipped proving on purpose (e.g. {@code skipTests}), or null
 */
public record StageContext(Experiment experiment, Layout layout, boolean offline, Proxies proxies, boolean force,
    StageLog log, String provingSkipped) {

  /** The context of a build that proves. */
  public StageContext(Experiment experiment, Layout layout, boolean offline, Proxies proxies, boolean force,
                      StageLog log) {
    this(experiment, layout, offline, proxies, force, log, null);
  }

  /** What the tools a stage runs are run and installed with; their lines go to the log prefixed {@code "<stage>: "}. */
  public ToolEnvironment tools(String stage) {
    return ToolEnvironment.of(experiment, offline, proxies, log.prefixed(stage + ": "));
  }

  /** The workspace of a stage's own output directory, honouring {@link #force()}. */
  public StageWorkspace workspace(String stage, Path dir) {
    return StageWorkspace.open(dir, stage, log, force);
  }
}
