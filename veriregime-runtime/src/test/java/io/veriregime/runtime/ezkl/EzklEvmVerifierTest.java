package io.veriregime.runtime.ezkl;

import io.veriregime.runtime.testdata.RunsTools;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.node.Evm;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.node.NodeTools;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import io.veriregime.runtime.testdata.Figures;
import io.veriregime.runtime.zk.ZkCompileStage;
import io.veriregime.runtime.zk.ZkProveStage;
import io.veriregime.runtime.zk.ZkTestSupport;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EZKL's own Solidity verifier ({@code Verifier.sol}, from {@code zk.evm: true}) for a real proof of
 * the tiny seeded student (32→8→3, x²) over real klines, compiled with the pinned solc and run in
 * the in-process EVM with EZKL's calldata: the proof verifies on chain, and a proof with a changed
 * output or a flipped proof byte does not.
 */
@RunsTools
class EzklEvmVerifierTest {

  @TempDir
  Path project;

  @Test
  void calldataWithoutAPublicInstanceToChangeIsRefusedWithTheSetting() {
    byte[] noInstances = new byte[4 + 32 * 4];
    noInstances[4 + 32 + 31] = 64; // the instances' offset: right after the two head words, an empty array
    byte[] truncated = new byte[20];
    byte[] hugeOffset = new byte[4 + 32 * 2];
    hugeOffset[4 + 32] = 1; // an offset of 2^248

    for (byte[] calldata : List.of(noInstances, truncated, hugeOffset)) {
      assertThatThrownBy(() -> EzklBackend.withLastInstanceChanged(calldata))
          .isInstanceOf(VeriRegimeException.class)
          .hasMessageContaining("has no public instance to change")
          .hasMessageContaining("zk.ezkl.outputVisibility: public");
    }
  }

  @Test
  void ezklsVerifierAcceptsTheRealProofOnTheEvmAndRejectsTamperedOnes() {
    Experiment experiment = ZkTestSupport.experiment(project, """
        samples: 1
        teacher: false
        evm: true
        ezkl:
          calibrationSamples: 8
          maxLogrows: 12
        """);
    RecordingLog log = new RecordingLog();
    StageContext ctx = ZkTestSupport.preparedContext(experiment, project, log);
    new ZkCompileStage().run(ctx);
    new ZkProveStage().run(ctx);
    Path prove = ctx.layout().zkProveDir();
    Path proof = prove.resolve("sample-0/proof.json");
    EzklBackend ezkl = EzklBackend.provision(experiment, true, Proxies.NONE, log);
    Map<String, Path> tampered = ezkl.tamperedCopies(proof, project.resolve("tampered"));
    byte[] calldata = ezkl.evmCalldata(proof, project.resolve("calldata.bin"));
    byte[] changedOutput = ezkl.evmCalldata(tampered.get("changedOutput"), project.resolve("changed-output.calldata.bin"));
    byte[] flipped = Arrays.copyOf(calldata, calldata.length);
    flipped[4 + 32 * 4 + 100] ^= 1; // past the selector and the ABI head: a byte of the proof itself
    Evm evm = NodeTools.provision(experiment, false, Proxies.NONE, log).evm();

    byte[] lastInstanceChanged = EzklBackend.withLastInstanceChanged(calldata);
    Evm.Verification valid = evm.call(prove.resolve("Verifier.sol"), null, calldata, List.of(lastInstanceChanged));
    Evm.Verification changed = evm.call(prove.resolve("Verifier.sol"), null, changedOutput, List.of());
    Evm.Verification forged = evm.call(prove.resolve("Verifier.sol"), null, flipped, List.of());

    assertThat(valid.verified()).as("the real proof, on chain").isTrue();
    assertThat(valid.callGas()).isGreaterThan(21_000);
    assertThat(changed.verified()).as("a changed output").isFalse();
    assertThat(forged.verified()).as("a flipped proof byte").isFalse();
    assertThat(valid.tamperedAccepted()).as("the last instance changed").isZero();
    // one bit of the last instance changed, which is not the calldata's last word (EZKL writes one past the arguments)
    assertThat(IntStream.range(0, calldata.length).filter(i -> calldata[i] != lastInstanceChanged[i]).boxed().toList())
        .singleElement().satisfies(i -> assertThat(i).isLessThan(calldata.length - 32));
    EvmVerifier.OnChain recorded = ZkProveStage.readReport(prove).evm().onChain();
    assertThat(recorded.accepted()).as("zk-prove's own EVM call, in proving.json").isTrue();
    assertThat(recorded.verifyGas()).isEqualTo(valid.callGas());
    assertThat(recorded.deployedBytes()).isEqualTo(valid.deployedBytes());
    assertThat(recorded.tamperedRejected()).isTrue();
    Figures.record("ezkl-evm-verifier", String.format("ezkl verifier %s: %d bytes deployed (EIP-170 limit %d: %s),"
            + " deployment %d gas, verifyProof %d gas with %d bytes of calldata; rejected: changed output %s, flipped byte %s",
        valid.contract(),
        valid.deployedBytes(), EvmVerifier.MAX_CONTRACT_BYTES, valid.deployedBytes() <= EvmVerifier.MAX_CONTRACT_BYTES ? "fits" : "too big",
        valid.deploymentGas(), valid.callGas(), calldata.length, changed.reverted() ? "by revert" : "returned false",
        forged.reverted() ? "by revert" : "returned false"));
  }
}
