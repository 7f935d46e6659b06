package io.veriregime.maven;

import io.veriregime.runtime.layout.StageId;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Fetches BTC/USDT 1-minute klines (local CSV, the Binance public archive with checksum
 * verification, or the Binance REST API), computes the features, windows and labels, splits them
 * chronologically and writes the tensors and {@code dataset.json} under
 * {@code target/veriregime/data}. Skipped when its inputs are unchanged.
 */
@Mojo(name = "fetch-data", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class FetchDataMojo extends AbstractStageMojo {

  /** Skip fetch-data: {@code true} or {@code false} (anything else fails the build). */
  @Parameter(property = "veriregime.skipFetch", defaultValue = "false")
  private String skipFetch;

  @Override
  String stageName() {
    return StageId.FETCH_DATA.goal();
  }

  @Override
  String skipReason() throws MojoFailureException {
    boolean own = Switches.parse("veriregime.skipFetch", skipFetch); // checked even when veriregime.skip is set
    String reason = super.skipReason();
    return reason != null ? reason : own ? "veriregime.skipFetch" : null;
  }
}
