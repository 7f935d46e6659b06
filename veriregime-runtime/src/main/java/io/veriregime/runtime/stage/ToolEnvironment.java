package io.veriregime.runtime.stage;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.net.Proxies;
import java.time.Duration;

/**
 * What every external tool (EZKL's Python, Node.js and its packages) is run and installed with, whichever
 * it is: the build's network rules and its log. Each tool takes its own settings (where it is installed,
 * which registry mirror) from its own configuration section beside this.
 *
 * @param offline never install anything: a tool not installed yet is an error that says how to get it
 * @param proxies the build's proxies, handed to installers (pip, npm) as the standard variables
 * @param timeout the limit of one tool step (zk.timeout), a batch's per item
 * @param log where the tool's lines go, prefixed with the stage that runs it
 */
public record ToolEnvironment(boolean offline, Proxies proxies, Duration timeout, StageLog log) {

  /** The environment of a build of {@code experiment} (its zk.timeout). */
  public static ToolEnvironment of(Experiment experiment, boolean offline, Proxies proxies, StageLog log) {
    return new ToolEnvironment(offline, proxies, experiment.config().zk().timeout(), log);
  }
}
