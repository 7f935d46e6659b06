package io.veriregime.runtime.ezkl;

import com.fasterxml.jackson.databind.JsonNode;
import io.veriregime.runtime.files.Npy;
import io.veriregime.runtime.proving.Proof;
import io.veriregime.runtime.stage.StageLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One share of a batch proved by one driver process ({@code prove-batch}: witness and proof of each
 * sample in turn, the circuit and proving key loaded once), each sample's files in its own directory:
 * {@code input.json} (the window), {@code witness.json} and {@link #PROOF}.
 */
final class EzklProver {

  /** A sample's proof file in its directory. */
  static final String PROOF = "proof.json";
  private static final String INPUT = "input.json";
  private static final String WITNESS = "witness.json";

  private final Ezkl ezkl;
  private final CircuitFiles files;
  private final Path srs;
  private final BatchProgress progress;

  /**
   * @param srs the SRS the circuit's keys were made with
   * @param samples how many the whole batch proves, over all its shares (for the progress lines)
   */
  EzklProver(Ezkl ezkl, CircuitFiles files, Path srs, int samples, StageLog log) {
    this.ezkl = ezkl;
    this.files = files;
    this.srs = srs;
    this.progress = new BatchProgress(files.model(), samples, log);
  }

  /** Proves {@code share}'s samples of {@code features} in one process with {@code threads} threads. */
  List<Proof> prove(Npy.FloatArray features, List<Integer> share, IntFunction<Path> directoryOf, int threads) {
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (int sample : share) {
      Path dir = directoryOf.apply(sample);
      EzklInput.write(dir.resolve(INPUT), features, sample, 1);
      jobs.add(CircuitCompiler.args("input", dir.resolve(INPUT), "witness", dir.resolve(WITNESS),
          "proof", dir.resolve(PROOF)));
    }
    EzklStep batch = ezkl.runBatch("prove-batch", CircuitCompiler.args("jobs", jobs, "compiled", files.compiled(),
        "pk", files.pk(), "srs", srs), share.size(), threads, line -> progress.proved());
    List<Proof> proofs = new ArrayList<>();
    for (int i = 0; i < share.size(); i++) {
      JsonNode proved = batch.result().path("proofs").path(i);
      Path proofFile = directoryOf.apply(share.get(i)).resolve(PROOF);
      JsonNode rescaled = proved.path("rescaledOutputs").path(0);
      double[] outputs = new double[rescaled.size()];
      for (int j = 0; j < outputs.length; j++) {
        outputs[j] = Double.parseDouble(rescaled.path(j).asText());
      }
      long peak = proved.path("peakRssBytes").asLong();
      proofs.add(new Proof(proofFile, outputs, EzklProofs.proofBytes(proofFile),
          EzklStep.itemFigures(proved.path("witness"), peak), EzklStep.itemFigures(proved.path("prove"), peak)));
    }
    return proofs;
  }

  /** Says how a batch is going, over all its processes: count, rate and time left. */
  private static final class BatchProgress {
    private final String model;
    private final int total;
    private final StageLog log;
    private final long started = System.nanoTime();
    private int done;

    BatchProgress(String model, int total, StageLog log) {
      this.model = model;
      this.total = total;
      this.log = log;
    }

    synchronized void proved() {
      done++;
      double minutes = (System.nanoTime() - started) / 60e9;
      double perMinute = done / minutes;
      log.info(String.format(Locale.ROOT, "%s proofs: %d/%d, %.1f per minute, about %.0f s left", model, done, total,
          perMinute, (total - done) / perMinute * 60));
    }
  }
}
