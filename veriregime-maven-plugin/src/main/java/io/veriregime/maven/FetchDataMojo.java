package io.veriregime.maven;

import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Fetches BTC/USDT 1-minute klines (local CSV, the Binance public archive with checksum
 * verification, or the Binance REST API), computes the features, windows and labels, splits them
 * chronologically and writes the tensors and {@code dataset.json} under
 * {@code target/veriregime/data}. Skipped when its inputs are unchanged.
 */
@Mojo(name = "fetch-data", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class FetchDataMojo extends AbstractStageMojo {

  @Override
  String stageName() {
    return "fetch-data";
  }
}
