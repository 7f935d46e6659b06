package io.veriregime.runtime.pipeline;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.ExperimentConfig;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.stage.Stage;
import io.veriregime.runtime.stage.StageWorkspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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

  /** The stages that may be shared, in pipeline order, with the directory each owns. */
  private static final Map<String, Function<Layout, Path>> SHAREABLE = shareable();

  private SharedStages() {}

  private static Map<String, Function<Layout, Path>> shareable() {
    Map<String, Function<Layout, Path>> stages = new LinkedHashMap<>();
    stages.put("fetch-data", Layout::dataDir);
    stages.put("train-teacher", Layout::teacherDir);
    stages.put("distill", Layout::distillDir);
    stages.put("optimize", Layout::optimizeDir);
    return stages;
  }

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
    for (Map.Entry<String, Function<Layout, Path>> stage : SHAREABLE.entrySet()) {
      if (i++ >= longest) {
        break;
      }
      Path target = stage.getValue().apply(Layout.at(root));
      if (!Files.exists(target.resolve(StageWorkspace.MANIFEST))) {
        linkTree(stage.getValue().apply(Layout.at(best.root())), target);
      }
      laidIn.put(stage.getKey(), best.id());
    }
    return laidIn;
  }

  private static int sharedPrefix(ExperimentConfig config, Finished candidate) {
    int shared = 0;
    for (Map.Entry<String, Function<Layout, Path>> stage : SHAREABLE.entrySet()) {
      Stage definition = Stages.byName(stage.getKey());
      boolean same = Hashing.sha256Json(definition.configuration(config))
          .equals(Hashing.sha256Json(definition.configuration(candidate.config())));
      if (!same || !Files.exists(stage.getValue().apply(Layout.at(candidate.root())).resolve(StageWorkspace.MANIFEST))) {
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
