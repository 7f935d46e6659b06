package io.veriregime.runtime.zk;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.veriregime.runtime.model.ClassificationMetrics;
import io.veriregime.runtime.proving.EvmVerifier;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.proving.SetupMaterial;
import io.veriregime.runtime.proving.Verification;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code zk/prove/proving.json}: what zk-prove measured and checked, written and read back (by the
 * report) only as this record. It exists only when every proof verified and every tampered proof
 * was rejected; otherwise the stage failed. Each record is made from what zk-prove measured by its own
 * factory here ({@code of}, {@code measured}, {@code estimated}), so a field is added in one place.
 *
 * @param tamperedProofsRejected per tampering, the verifier's reason for rejecting it
 * @param teacher null when the teacher was not compiled
 * @param evm null unless {@code zk.evm}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProvingReport(String backend, String backendVersion, SetupMaterial srs, boolean verified,
                            CircuitProofs student, Map<String, String> tamperedProofsRejected,
                            TeacherComparison teacher, EvmVerifier evm) {

  @JsonAnyGetter
  Map<String, String> versionByBackend() {
    return Map.of(backend, backendVersion);
  }

  /**
   * The student's circuit over every round: sizes, timings (mean ± standard error), memory, agreement.
   *
   * @param proveCpu CPU seconds of each proof over all its prover's threads: less sensitive to the
   *     machine's load than {@code prove}, and what the teacher's cost is compared with
   * @param throughput how the batch went; null when every round timed a setup of its own
   */
  public record CircuitProofs(int logrows, long rows, long vkBytes, long pkBytes, long proofBytes, long proofFileBytes,
                              TimingSummary setup, TimingSummary witness, TimingSummary prove, TimingSummary proveCpu,
                              TimingSummary verify, long peakMemoryBytes, String peakMemorySource, double maxAbsError,
                              double argmaxAgreement, Throughput throughput, List<Round> rounds) {

    private static final String PEAK_MEMORY_SOURCE = "VmHWM from /proc/self/status of each prover process (getrusage"
        + " ru_maxrss where there is no /proc), maximum over witness/prove/verify";

    /**
     * @param setup the rounds' timed setups, or the one zk-compile measured when it made the keys these proofs used
     * @param proofFileBytes the size of the first round's proof file
     */
    static CircuitProofs of(CompileSummary.Circuit compiled, Timings setup, List<Round> rounds, long proofFileBytes,
                            Throughput throughput) {
      return new CircuitProofs(compiled.logrows(), compiled.rows(), compiled.setup().vkBytes(),
          compiled.setup().pkBytes(), rounds.get(0).proofBytes(), proofFileBytes, setup.summary(),
          timings(rounds, Round::witnessSeconds).summary(), timings(rounds, Round::proveSeconds).summary(),
          timings(rounds, Round::proveCpuSeconds).summary(), timings(rounds, Round::verifySeconds).summary(),
          rounds.stream().mapToLong(Round::proveProcessPeakMemoryBytes).max().orElseThrow(), PEAK_MEMORY_SOURCE,
          rounds.stream().mapToDouble(Round::maxAbsError).max().orElseThrow(),
          (double) rounds.stream().filter(Round::argmaxAgrees).count() / rounds.size(), throughput, rounds);
    }
  }

  /** Seconds of each round, as {@link Timings}. */
  static Timings timings(List<Round> rounds, ToDoubleFunction<Round> seconds) {
    return new Timings(rounds.stream().mapToDouble(seconds).boxed().toList());
  }

  /**
   * The samples proved as a batch: how they were spread over prover processes and what that gave.
   *
   * @param plan why that many provers with that many threads
   * @param wallSeconds from the first proof's start to the last one's end (verification not included)
   * @param peakMemoryBytesPerProver the highest peak of any one prover process (several run at once)
   * @param farm how the samples were shared out through the execution engine
   */
  public record Throughput(int provers, int threadsPerProver, String plan, int proofs, double wallSeconds,
                           double proofsPerMinute, long peakMemoryBytesPerProver, Farm farm) {

    static Throughput of(ProverPlan plan, List<Proof> proofs, double wallSeconds, Farm farm) {
      return new Throughput(plan.pool().processes(), plan.pool().threadsPerProcess(), plan.reason(), proofs.size(),
          wallSeconds, proofs.size() / wallSeconds * 60,
          proofs.stream().mapToLong(proof -> proof.prove().peakMemoryBytes()).max().orElseThrow(), farm);
    }
  }

  /**
   * The shares the execution engine proved (the first sample, proved alone to measure a prover's
   * peak memory when zk.provers is not 1, is in none of them).
   *
   * @param engine cluster.engine that ran them
   * @param executors how many shares ran at once
   * @param threadsPerShare the CPU threads each share's prover had
   * @param shareSize zk.shareSize: the most samples in a share
   * @param retries attempts beyond the first, over all shares
   */
  public record Farm(String engine, int executors, int threadsPerShare, int shareSize, int retries, List<Share> shares) {}

  /**
   * One share, as the engine ran it.
   *
   * @param seconds wall seconds of its successful attempt
   * @param attempts tries it took
   * @param executor where the successful attempt ran
   * @param failedAttempts the message of each failed attempt before it
   */
  public record Share(String id, int firstSample, int lastSample, double seconds, int attempts, String executor,
                      List<String> failedAttempts) {}

  /**
   * One test sample proved and verified.
   *
   * @param directory the round's files, relative to zk-prove's directory
   * @param setupSeconds the timed setup of this round; null unless zk.timeSetupEachRound
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Round(int sample, String directory, Double setupSeconds, double witnessSeconds, double proveSeconds,
                      double proveCpuSeconds, double verifySeconds, long proveProcessPeakMemoryBytes, long proofBytes, boolean verified,
                      double[] circuitLogits, float[] floatLogits, double maxAbsError, boolean argmaxAgrees) {

    /** A verified proof of {@code sample} against the float model's logits for it. */
    static Round of(int sample, String directory, Double setupSeconds, Proof proof, Verification verification,
                    float[] floatLogits) {
      double[] outputs = proof.outputs();
      double maxAbsError = 0;
      double[] widened = new double[floatLogits.length];
      for (int i = 0; i < outputs.length; i++) {
        maxAbsError = Math.max(maxAbsError, Math.abs(outputs[i] - floatLogits[i]));
      }
      for (int i = 0; i < floatLogits.length; i++) {
        widened[i] = floatLogits[i];
      }
      return new Round(sample, directory, setupSeconds, proof.witness().seconds(), proof.prove().seconds(),
          proof.prove().cpuSeconds(), verification.figures().seconds(), peakMemoryOf(proof, verification),
          proof.proofBytes(), true, outputs, floatLogits, maxAbsError,
          ClassificationMetrics.argmax(outputs) == ClassificationMetrics.argmax(widened));
    }
  }

  /** The highest peak of the processes that made and checked a proof. */
  static long peakMemoryOf(Proof proof, Verification verification) {
    return Math.max(proof.witness().peakMemoryBytes(),
        Math.max(proof.prove().peakMemoryBytes(), verification.figures().peakMemoryBytes()));
  }

  /** Seconds over rounds: mean ± standard error of the mean (null for a single round). */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record TimingSummary(double meanSeconds, Double standardErrorSeconds, int rounds, List<Double> seconds) {}

  /**
   * The teacher's proving cost against the student's, measured with one proof or estimated.
   *
   * @param reason why the teacher was not proved; null when it was
   * @param estimate zk-compile's estimate, also when the teacher was proved (to see how close it was)
   * @param proveSeconds wall seconds of the teacher's proof; null when not proved
   * @param proveCpuSeconds CPU seconds of the teacher's proof; null when not proved
   * @param ratioIs {@code measured} or {@code estimated}
   * @param teacherOverStudentProveTime the teacher's prove CPU seconds (measured or estimated) over the
   *     mean of the student's, measured in this run
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TeacherComparison(int logrows, long rows, boolean proved, String reason, TeacherEstimate estimate,
                                  Double proveSeconds, Double proveCpuSeconds, Long proofBytes, Long peakMemoryBytes,
                                  String ratioIs, double teacherOverStudentProveTime) {

    /** zk-compile's estimate against the student's mean prove CPU seconds, and why the teacher was not proved. */
    static TeacherComparison estimated(CompileSummary.Circuit teacher, double studentProveCpuSeconds) {
      return new TeacherComparison(teacher.logrows(), teacher.rows(), false, teacher.skipped(), teacher.estimate(), null,
          null, null, null, "estimated", teacher.estimate().proveCpuSeconds() / studentProveCpuSeconds);
    }

    /** One verified proof of the teacher against the student's mean prove CPU seconds. */
    static TeacherComparison measured(CompileSummary.Circuit teacher, Proof proof, Verification verification,
                                      double studentProveCpuSeconds) {
      return new TeacherComparison(teacher.logrows(), teacher.rows(), true, null, teacher.estimate(),
          proof.prove().seconds(), proof.prove().cpuSeconds(), proof.proofBytes(), peakMemoryOf(proof, verification),
          "measured", proof.prove().cpuSeconds() / studentProveCpuSeconds);
    }
  }
}
