package io.veriregime.runtime.bench;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.experiment.ExperimentLoader;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.groth16.Groth16Backend;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.proving.CompiledCircuit;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.proving.KeySetup;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.ProverPool;
import io.veriregime.runtime.proving.Verification;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.stage.ToolEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The Groth16 backend through the proving seam on a student: compile, setup from a powers-of-tau
 * file, {@code proofs} proofs of test windows, verification, and snarkjs' Solidity verifier on the
 * in-process EVM; prints each figure:
 * {@code ./mvnw -q -P bench -pl veriregime-runtime test-compile exec:java
 * -Dexec.mainClass=io.veriregime.runtime.bench.Groth16Benchmark
 * -Dexec.args="<model dir | seeded:<activation>:<hidden,…>> <data dir> <out dir> <ptau> <ptau sha256> [proofs]"}
 * (calibrates on the validation windows of the data dir, proves its first test windows; the experiment it
 * writes names no data, so its source is the API, never read).
 */
public final class Groth16Benchmark {

  private Groth16Benchmark() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[1]);
    Path out = Files.createDirectories(Path.of(args[2]));
    int count = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    Npy.FloatArray validation = Npy.readFloat(data.resolve("validation.features.npy"));
    Npy.FloatArray test = Npy.readFloat(data.resolve("test.features.npy"));
    Path modelDir = args[0].startsWith("seeded:") ? CircuitBenchmark.seeded(args[0], out, test) : Path.of(args[0]);
    Path yaml = Files.writeString(out.resolve("experiment.yaml"), "name: groth16-benchmark\ndata:\n  source: binance-api\n  start: 2024-01-02\n  end: 2024-01-03\nzk:\n  backend: groth16\n"
        + "  groth16:\n    ptau: " + Path.of(args[3]).toAbsolutePath() + "\n    ptauSha256: " + args[4] + "\n");
    Experiment experiment = ExperimentLoader.load(yaml, Map.of());
    Groth16Backend backend = Groth16Backend.provision(experiment.groth16(), experiment.node(), ToolEnvironment.of(experiment, true, Proxies.NONE, StageLog.stdout()));

    CompiledCircuit circuit = backend.compile("student", modelDir, null, validation, out.resolve("circuit"), "student");
    backend.prepareSetupMaterial(circuit);
    KeySetup keys = backend.setup(circuit, circuit.dir());
    long started = System.nanoTime();
    List<Proof> proofs = backend.proveAll(circuit, test, IntStream.range(0, count).boxed().toList(),
        sample -> out.resolve("sample-" + sample), ProverPool.single(Runtime.getRuntime().availableProcessors()));
    double proveWall = (System.nanoTime() - started) / 1e9;
    List<Verification> verifications = backend.verifyAll(circuit, proofs.stream().map(Proof::file).toList());
    EvmVerifier evm = backend.evmVerifier(circuit, out.resolve("evm"), proofs.get(0).file());

    System.out.printf("%s: %,d constraints, %,d wires, powers of tau 2^%d%n", modelDir, circuit.cost().rows(),
        circuit.cost().totalAssignments(), circuit.cost().logrows());
    System.out.printf("setup %.2f s wall, %.2f CPU s, peak %,d MB; zkey %,d B, vk %,d B%n", keys.figures().seconds(),
        keys.figures().cpuSeconds(), keys.figures().peakMemoryBytes() >> 20, keys.pkBytes(), keys.vkBytes());
    for (int i = 0; i < proofs.size(); i++) {
      Proof proof = proofs.get(i);
      System.out.printf("proof %d: witness %.3f s, prove %.2f s wall, %.2f CPU s, peak %,d MB; verify %.2f s, %s; proof.json %,d B%n",
          i, proof.witness().seconds(), proof.prove().seconds(), proof.prove().cpuSeconds(),
          proof.prove().peakMemoryBytes() >> 20, verifications.get(i).figures().seconds(),
          verifications.get(i).verified() ? "verified" : "REJECTED", Files.size(proof.file()));
    }
    System.out.printf("%d proofs in %.2f s; EVM verifier %s: %,d B deployed, deployment %,d gas, verifyProof %,d gas%n",
        proofs.size(), proveWall, evm.onChain().accepted() ? "accepted" : "REJECTED", evm.onChain().deployedBytes(),
        evm.onChain().deploymentGas(), evm.onChain().verifyGas());
  }
}
