package io.veriregime.maven;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.groth16.PhaseTwo;
import io.veriregime.runtime.pipeline.StageRequest;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.ToolEnvironment;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A second party's contribution to a Groth16 circuit's phase 2: checks the proving key against the
 * circuit and the powers of tau this project's zk.groth16.ptau names (snarkjs zkey verify), contributes
 * with fresh entropy and writes the new circuit.zkey and verification_key.json into
 * target/veriregime/contribute/. The producer then proves with it (zk.groth16.zkey), so it alone can no
 * longer forge proofs. Bound to no phase: run it as mvn veriregime:contribute -Dveriregime.contribute.r1cs=...
 * -Dveriregime.contribute.zkey=...
 */
@Mojo(name = "contribute", threadSafe = true)
public class ContributeMojo extends AbstractStageMojo {

  /** The circuit's constraint system (a bundle's circuit/circuit.r1cs). */
  @Parameter(property = "veriregime.contribute.r1cs", required = true)
  private File r1cs;

  /** The proving key to contribute to (a bundle's circuit/circuit.zkey, with bundle.includeProvingKey). */
  @Parameter(property = "veriregime.contribute.zkey", required = true)
  private File zkey;

  /** Who contributes, recorded in the key. */
  @Parameter(property = "veriregime.contribute.name", defaultValue = "second party")
  private String name;

  @Override
  String stageName() {
    return "contribute";
  }

  @Override
  void run(StageRequest request, StageLog log) {
    // zk.groth16.ptau of this project's experiment, when it declares one (a file, or inline in the pom)
    Experiment experiment = request.inline() != null ? request.loadExperiment()
        : ExperimentLoader.loadOrDefaults(request.experimentFile(), request.overrides());
    PhaseTwo.contribute(experiment.groth16(), experiment.node(), r1cs.toPath(), zkey.toPath(),
        request.outputRoot().resolve("contribute"), name,
        ToolEnvironment.of(experiment, request.offline(), request.proxies(), log));
  }
}
