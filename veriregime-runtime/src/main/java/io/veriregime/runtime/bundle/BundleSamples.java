package io.veriregime.runtime.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.files.JsonFiles;
import io.veriregime.runtime.proving.ProofClaims;
import io.veriregime.runtime.stage.StageLog;
import io.veriregime.runtime.zk.ProvedSamples;
import io.veriregime.runtime.zk.ProvingReport;
import io.veriregime.runtime.zk.ZkProveStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The consumer's check that each proof in a bundle is of the sample it is filed under: its public
 * values against that sample's recorded window ({@code input.json} beside it, where the backend
 * writes one) and the outputs {@code proofs/proving.json} claims for it. A verifier alone accepts a
 * valid proof of any window.
 */
final class BundleSamples {

  private static final String PROOFS_DIR = "proofs";
  private static final String WINDOW = "input.json";

  private BundleSamples() {}

  /**
   * What is wrong with the bundle laid out in {@code contents}, one line per proof (empty when each
   * proof is its sample's); nothing, with a warning, when the bundle holds too little to tell.
   */
  static Optional<List<String>> check(BundleVerifier.Contents contents, StageLog log) {
    ProofClaims claims = ProvingBackends.proofClaims(contents.system());
    Path circuitDir = contents.entry(contents.provenance().circuit().dir());
    if (!claims.canCheck(circuitDir)) {
      log.warn("verify-proof: which sample each proof of " + contents.source() + " is of is not checked: what was"
          + " resolved does not carry the compiled " + contents.provenance().circuit().backend() + " student its public"
          + " values would be computed from (the proofs attachment carries the verifying files only); verify the whole"
          + " bundle for that.");
      return Optional.empty();
    }
    List<String> present = contents.provenance().proofs().stream()
        .filter(proof -> Files.isRegularFile(contents.entry(proof))).toList();
    try {
      return Optional.of(problems(contents.dir(), present, claims, circuitDir));
    } catch (VeriRegimeException e) {
      // the claims are computed from the bundled circuit: one that cannot be read is the bundle's problem
      return Optional.of(List.of("which sample each proof is of cannot be told from the bundled circuit: "
          + e.getMessage()));
    }
  }

  /**
   * What is wrong, one line per proof; empty when each proof is its sample's.
   *
   * @param dir where the bundle is laid out
   * @param proofs the proof entries the provenance lists
   */
  private static List<String> problems(Path dir, List<String> proofs, ProofClaims claims, Path circuitDir) {
    Path report = dir.resolve(PROOFS_DIR).resolve(ZkProveStage.REPORT);
    if (!Files.isRegularFile(report)) {
      return List.of(PROOFS_DIR + "/" + ZkProveStage.REPORT + ", which records each proof's sample and outputs,"
          + " is missing");
    }
    Map<String, ProvingReport.Round> rounds = ZkProveStage.readReport(dir.resolve(PROOFS_DIR)).student().rounds()
        .stream().collect(Collectors.toMap(round -> PROOFS_DIR + "/" + round.directory() + "/proof.json",
            Function.identity(), (a, b) -> a));
    List<String> problems = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    List<Integer> samples = new ArrayList<>();
    List<ProofClaims.Claim> recorded = new ArrayList<>();
    for (String proof : proofs) {
      ProvingReport.Round round = rounds.get(proof);
      if (round == null) {
        problems.add(proof + " is not a round of " + PROOFS_DIR + "/" + ZkProveStage.REPORT);
        continue;
      }
      Path file = dir.resolve(proof);
      checked.add(proof);
      samples.add(round.sample());
      recorded.add(new ProofClaims.Claim(file, window(file.resolveSibling(WINDOW)), round.circuitLogits()));
    }
    List<Optional<String>> answers = claims.mismatches(circuitDir, recorded);
    for (int i = 0; i < answers.size(); i++) {
      int index = i;
      answers.get(i).ifPresent(problem -> problems.add(checked.get(index) + " is not a proof of test sample "
          + samples.get(index) + ": " + problem + ProvedSamples.ownerOf(claims, circuitDir,
          recorded.get(index).proof(), recorded, samples)));
    }
    return problems;
  }

  /** The window a backend recorded beside the proof ({@code {"input_data": [[...]]}}), or null where none is. */
  private static float[] window(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    JsonNode values = JsonFiles.readTree(file).path("input_data").path(0);
    float[] window = new float[values.size()];
    for (int i = 0; i < window.length; i++) {
      window[i] = (float) values.get(i).asDouble();
    }
    return window;
  }
}
