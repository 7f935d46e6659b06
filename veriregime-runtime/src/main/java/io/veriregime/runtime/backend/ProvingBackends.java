package io.veriregime.runtime.backend;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.ConfigView;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ProvingSystem;
import io.veriregime.runtime.experiment.ZkConfig;
import io.veriregime.runtime.ezkl.EzklBackend;
import io.veriregime.runtime.groth16.Groth16Backend;
import io.veriregime.runtime.proving.CircuitFileRoles;
import io.veriregime.runtime.proving.ProofClaims;
import io.veriregime.runtime.proving.ProvingBackend;
import io.veriregime.runtime.stage.ToolEnvironment;
import io.veriregime.runtime.stage.Versions;
import java.util.Arrays;
import java.util.SortedMap;

/**
 * The proving backends the {@code zk:} section names: each one's pinned version (for fingerprints) and a ready instance.
 * A package of its own so that every stage that measures or proves circuits (optimize, the zk
 * stages) reaches the backends without importing another stage.
 */
public final class ProvingBackends {

  private ProvingBackends() {}

  /** The tool name and pinned version a manifest records, known without provisioning anything. */
  public static String pinnedVersion(ProvingSystem system) {
    return switch (system) {
      case EZKL -> Versions.ezkl();
      case GROTH16 -> Groth16Backend.pinnedVersion();
    };
  }

  /**
   * The system a backend's {@code name()} stands for (compile.json and proving.json record that name,
   * which is the system's {@code zk.backend} value).
   */
  public static ProvingSystem named(String backend) {
    return Arrays.stream(ProvingSystem.values()).filter(system -> system.yamlName().equals(backend)).findFirst()
        .orElseThrow(() -> new VeriRegimeException("The proving backend " + backend + " is not one this VeriRegime"
            + " knows (" + Arrays.stream(ProvingSystem.values()).map(ProvingSystem::yamlName).toList() + "). Use the"
            + " VeriRegime version that wrote it."));
  }

  /**
   * Which files of a compiled circuit's directory verifying, proving and publishing need, known
   * without provisioning the tools (the bundle goal packs them; a consumer's build only verifies).
   */
  public static CircuitFileRoles circuitFileRoles(ProvingSystem system) {
    return switch (system) {
      case EZKL -> EzklBackend.circuitFileRoles();
      case GROTH16 -> Groth16Backend.circuitFileRoles();
    };
  }

  /** Whether proofs are of their samples, by their public values, known without provisioning the tools. */
  public static ProofClaims proofClaims(ProvingSystem system) {
    return switch (system) {
      case EZKL -> EzklBackend.proofClaims();
      case GROTH16 -> Groth16Backend.proofClaims();
    };
  }

  /**
   * The part of the {@code zk:} section that decides what circuit a model compiles to with
   * {@code system}: the backend and its precision and visibility settings, not what only proving reads (samples, provers, setup timing, evm), how long
   * to wait, where the tools come from (their version and wheels' hashes are pinned), the SRS
   * the keys are set up with (it does not change the circuit), nor zk-compile's logrows trials
   * (they re-lay the calibrated circuit out at other sizes, measured by proving; optimize costs
   * candidates by the calibrated circuit). Of {@code zk.groth16} only the compiler's options change a
   * circuit, not the tools nor the powers of tau or a contributed key (and nothing of {@code zk.node}, the tools), which decide only the keys (zk-compile's fingerprint
   * takes them, as the SRS). Which other backends are compared ({@code zk.backends}) changes no backend's circuit.
   */
  public static SortedMap<String, Object> circuitConfiguration(ZkConfig zk, ProvingSystem system) {
    SortedMap<String, Object> view = ConfigView.without(zk, "samples", "shareSize", "provers", "timeSetupEachRound", "evm", "timeout",
        "ezkl", "budget", "teacher", "groth16", "node", "backends");
    view.put("backend", system);
    view.put("ezkl", ConfigView.without(zk.ezkl(), "ezklExecutable", "python", "toolsDir", "pipIndexUrl",
        "srs", "srsSha256", "logrowsTrials", "logrowsObjective"));
    view.put("groth16", ConfigView.without(zk.groth16(), "ptau", "ptauSha256", "zkey", "zkeySha256"));
    return view;
  }

  /**
   * Whether the backend compiles the CNN teacher: VeriRegime's R1CS compiler (Groth16) compiles
   * student MLPs only, so zk.teacher is skipped there with a line in the log and compile.json.
   */
  public static boolean compilesTeacher(ProvingSystem system) {
    return system == ProvingSystem.EZKL;
  }

  /** Whether zk-compile can lay the circuit out at other sizes (zk.ezkl.logrowsTrials): EZKL's logrows only. */
  public static boolean triesLogrows(ProvingSystem system) {
    return system == ProvingSystem.EZKL;
  }

  /** The primary backend ({@link ZkConfig#primaryBackend()}), ready to use. */
  public static ProvingBackend provision(Experiment experiment, ToolEnvironment env) {
    return provision(experiment.config().zk().primaryBackend(), experiment, env);
  }

  /**
   * {@code system}, handed only its own sections of the experiment ({@code zk.ezkl} or {@code zk.groth16},
   * and {@code zk.node}): also a backend other than the primary one (one compared in zk.backends, or the
   * one a bundle was proved with).
   *
   * @param env whose log is the stage's, prefixed with its name: the backend's lines cannot name the stage themselves
   */
  public static ProvingBackend provision(ProvingSystem system, Experiment experiment, ToolEnvironment env) {
    return switch (system) {
      case EZKL -> EzklBackend.provision(experiment.ezkl(), experiment.node(),
          experiment.config().compute().effectiveThreads(), env);
      case GROTH16 -> Groth16Backend.provision(experiment.groth16(), experiment.node(), env);
    };
  }
}
