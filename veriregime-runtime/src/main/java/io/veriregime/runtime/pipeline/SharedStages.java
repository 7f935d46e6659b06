package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.layout.StageId;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Work sweep variants share: the leading stages (fetch-data, train-teacher, distill, optimize) whose
 * configuration a finished variant had too are laid into a new variant's output root from that
 * variant's, as hard links (copies where links cannot be made). Nothing is trusted for it: each stage
 * of the new variant then checks the files against their manifest and its own fingerprint
 * ({@code StageWorkspace.reuseOrBegin}), so it reuses them only when its inputs are the same, and
 * otherwise runs as if they had never been there. Later stages are never shared: they are what a
 * sweep varies.
 */
final class SharedStages {

  /** The stages that may be shared, in pipeline order. */
  private static final List<StageId> SHAREABLE = List.of(StageId.FETCH_DATA, StageId.TRAIN_TEACHER, StageId.DISTILL,
      StageId.OPTIMIZE);

  private SharedStages() {}

  /** A variant that has run: where its outputs are and the configuration they were made with. */
  record Finished(String id, Path root, ExperimentConfig config) {}

  /**
   * Lays the longest run of leading stages whose configuration equals a finished variant's into
   * {@code root} (a stage directory that already has a manifest of its own is left as it is).
   *
   * @return per stage laid in, the id of the variant it came from
   */
  static Map<String, String> layIn(Path root, ExperimentConfig config, List<Finished> finished) {
    Finished best = null;
    int longest = 0;
    for (Finished candidate : finished) {
      int shared = sharedPrefix(config, candidate);
      if (shared > longest) {
        best = candidate;
        longest = shared;
      }
    }
    Map<String, String> laidIn = new LinkedHashMap<>();
    int i = 0;
    for (StageId stage : SHAREABLE) {
      if (i++ >= longest) {
        break;
      }
      Path target = Layout.at(root).dir(stage);
      if (!Files.exists(target.resolve(StageWorkspace.MANIFEST))) {
        linkTree(Layout.at(best.root()).dir(stage), target);
      }
      laidIn.put(stage.goal(), best.id());
    }
    return laidIn;
  }

  private static int sharedPrefix(ExperimentConfig config, Finished candidate) {
    int shared = 0;
    for (StageId stage : SHAREABLE) {
      Stage definition = Stages.byName(stage.goal());
      boolean same = Hashing.sha256Json(definition.configuration(config))
          .equals(Hashing.sha256Json(definition.configuration(candidate.config())));
      if (!same || !Files.exists(Layout.at(candidate.root()).dir(stage).resolve(StageWorkspace.MANIFEST))) {
        break;
      }
      shared++;
    }
    return shared;
  }

  /**
   * Every file of {@code source} at the same place under {@code target}, hard-linked: stages replace
   * files by an atomic move and delete rather than write in place, so neither variant can change the
   * other's copy.
   */
  private static void linkTree(Path source, Path target) {
    try (var paths = Files.walk(source)) {
      for (Path path : paths.toList()) {
        Path copy = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(copy);
        } else {
          Files.deleteIfExists(copy);
          try {
            Files.createLink(copy, path);
          } catch (UnsupportedOperationException | IOException e) {
            Files.copy(path, copy); // another file system, or links not allowed: a copy is as good, only bigger
          }
        }
      }
    } catch (IOException e) {
      throw new VeriRegimeException("Could not lay the shared stage outputs " + source + " into " + target + ": "
          + e.getMessage() + ". Check the disk and run the sweep again.", e);
    }
  }
}
