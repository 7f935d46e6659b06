package io.veriregime.runtime.data;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.files.FileProblems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Local files in the Binance archive layout (plain, gzip or zip), listed in {@code data.files}. */
final class CsvSource implements KlineSource {

  private final Experiment experiment;

  CsvSource(Experiment experiment) {
    this.experiment = experiment;
  }

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public List<Path> acquire() {
    List<Path> files = new ArrayList<>();
    for (Path listed : experiment.config().data().files()) {
      Path file = experiment.baseDir().resolve(listed).normalize();
      String problem = FileProblems.notARegularFile(file);
      if (problem != null) {
        throw experiment.error("data.files", "the kline file " + file + " " + problem,
            "check the path (relative paths are resolved against " + experiment.baseDir() + ")");
      }
      files.add(file);
    }
    return files;
  }
}
