package io.veriregime.runtime.zk;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.backend.ProvingBackends;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.proving.ProofClaims;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Refuses a proof that is not of the sample its round records: a verifier accepts a valid proof of
 * any window, and a manifest can be rewritten to match a moved file, so every stage that uses
 * zk-prove's proofs (zk-prove reusing them, report, bundle) compares each proof's public values with
 * its sample's test window and the outputs {@code proving.json} claims for it.
 */
public final class ProvedSamples {

  private ProvedSamples() {}

  /**
   * @param proveDir a zk-prove directory, checked with {@code Upstream.verify}
   * @param compileDir the zk-compile directory its circuit is in
   * @param features the test features (fetch-data's, checked), whose rows are the samples' windows
   * @param stage the stage asking, for the message
   */
  public static void require(Path proveDir, Path compileDir, Npy.FloatArray features, String stage) {
    ProvingReport report = ZkProveStage.readReport(proveDir);
    ProofClaims claims = ProvingBackends.proofClaims(ProvingBackends.named(report.backend()));
    List<ProvingReport.Round> rounds = report.student().rounds();
    List<ProofClaims.Claim> recorded = new ArrayList<>();
    for (ProvingReport.Round round : rounds) {
      if (round.sample() < 0 || round.sample() >= features.rows()) {
        throw new VeriRegimeException(stage + ": " + proveDir.resolve(ZkProveStage.REPORT) + " records a proof of test"
            + " sample " + round.sample() + ", but the test set has " + features.rows() + ". Run zk-prove again"
            + " (-Dveriregime.force).");
      }
      recorded.add(new ProofClaims.Claim(Layout.proof(proveDir, round.directory()), features.row(round.sample()),
          round.circuitLogits()));
    }
    List<Optional<String>> answers = claims.mismatches(compileDir, recorded);
    for (int i = 0; i < rounds.size(); i++) {
      if (answers.get(i).isPresent()) {
        ProvingReport.Round round = rounds.get(i);
        throw new VeriRegimeException(stage + ": " + recorded.get(i).proof() + " is not a proof of test sample "
            + round.sample() + ": " + answers.get(i).get() + ownerOf(claims, compileDir, recorded.get(i).proof(),
            recorded, rounds.stream().map(ProvingReport.Round::sample).toList()) + ". A proof was moved or replaced (and its manifest rewritten to match); do not trust"
            + " these outputs. Run zk-prove again (-Dveriregime.force).");
      }
    }
  }

  /**
   * Which of the recorded samples (their claims, {@code samples} their numbers) {@code proof}'s public
   * values are, if any: where a moved proof came from, as "; its public values are those of test
   * sample N" for a message, or empty text.
   */
  public static String ownerOf(ProofClaims claims, Path circuitDir, Path proof, List<ProofClaims.Claim> recorded,
                               List<Integer> samples) {
    List<ProofClaims.Claim> asOthers = recorded.stream()
        .map(claim -> new ProofClaims.Claim(proof, claim.window(), claim.outputs())).toList();
    List<Optional<String>> answers = claims.mismatches(circuitDir, asOthers);
    for (int i = 0; i < samples.size(); i++) {
      if (answers.get(i).isEmpty()) {
        return "; its public values are those of test sample " + samples.get(i);
      }
    }
    return "";
  }
}
