package io.veriregime.runtime.zk;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ProvingSystem;
import io.veriregime.runtime.ezkl.EzklBackend;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.Versions;

/**
 * The backend {@code zk.backend} names: its pinned version (for fingerprints) and a ready instance
 * (for the zk stages, and for the bundle's consumer, which verifies proofs without running a stage).
 */
public final class ProvingBackends {

  private ProvingBackends() {}

  /** The tool name and pinned version a manifest records, known without provisioning anything. */
  static String pinnedVersion(ProvingSystem system) {
    return switch (system) {
      case EZKL -> Versions.ezkl();
    };
  }

  /** @param log the stage's log, prefixed with its name: the backend's lines cannot name the stage themselves */
  public static ProvingBackend provision(Experiment experiment, boolean offline, Proxies proxies, StageLog log) {
    return switch (experiment.config().zk().backend()) {
      case EZKL -> EzklBackend.provision(experiment, offline, proxies, log);
    };
  }
}
