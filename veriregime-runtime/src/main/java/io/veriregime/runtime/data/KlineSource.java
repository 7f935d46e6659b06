package io.veriregime.runtime.data;

import io.veriregime.runtime.stage.StageLog;
import java.nio.file.Path;
import java.util.List;

/** Where klines come from: first made local and verified, then parsed. */
interface KlineSource {

  /** The YAML name of the source, for logs and {@code dataset.json}. */
  String name();

  /**
   * Makes every input file available locally and verified (downloading what the cache lacks),
   * in chronological order. The stage fingerprints these files, so they must be exactly what
   * {@link #read} parses.
   */
  List<Path> acquire();

  /** Parses the acquired files into one chronological series of the rows {@code check} keeps. */
  default KlineSeries read(List<Path> files, KlineCheck check, StageLog log) {
    return KlineFiles.readAll(files, check, log);
  }
}
