package io.veriregime.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriregime.runtime.experiment.Experiment;
import io.veriregime.runtime.layout.Layout;
import io.veriregime.runtime.net.LoopbackProxy;
import io.veriregime.runtime.net.Proxies;
import io.veriregime.runtime.stage.RecordingLog;
import io.veriregime.runtime.stage.StageContext;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fetch-data goes through the build's proxy, with its credentials, and says so when the proxy refuses them. */
class HttpFetcherProxyTest {

  private static final String DAY = "BTCUSDT-1m-2023-03-24.zip";

  @TempDir Path dir;
  private final RecordingLog log = new RecordingLog();

  @Test
  void fetchDataDownloadsThroughTheProxyWithItsCredentials() {
    try (BinanceTestServer binance = BinanceTestServer.start().archiveDay(DataTestSupport.DAILY_ZIPS.resolve(DAY));
         LoopbackProxy proxy = LoopbackProxy.requiring("alice", "s3cret")) {
      Experiment experiment = archiveExperiment(binance);

      new DataStage().run(context(experiment, proxy.proxies("alice", "s3cret")));

      assertThat(binance.requests).isNotEmpty();
      assertThat(proxy.requests).hasSameSizeAs(binance.requests)
          .allMatch(request -> request.startsWith("GET " + binance.baseUrl() + "/"))
          .anyMatch(request -> request.endsWith(DAY)).anyMatch(request -> request.endsWith(DAY + ".CHECKSUM"));
      assertThat(proxy.authorizations).containsOnly(
          "Basic " + java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes()));
    }
  }

  @Test
  void aProxyRefusingTheCredentialsIsOneMessageNamingWhereTheyAreSet() {
    try (BinanceTestServer binance = BinanceTestServer.start().archiveDay(DataTestSupport.DAILY_ZIPS.resolve(DAY));
         LoopbackProxy proxy = LoopbackProxy.requiring("alice", "s3cret")) {
      Experiment experiment = archiveExperiment(binance);

      assertThatThrownBy(() -> new DataStage().run(context(experiment, proxy.proxies("alice", "wrong"))))
          .hasMessageContaining("127.0.0.1:" + proxy.port())
          .hasMessageContaining("HTTP 407")
          .hasMessageContaining("settings.xml")
          .hasMessageContaining("https_proxy");
      assertThat(binance.requests).isEmpty();
      assertThat(proxy.requests).hasSize(1);
    }
  }

  private Experiment archiveExperiment(BinanceTestServer binance) {
    return DataTestSupport.experiment(dir, "source: binance-archive\nstart: 2023-03-24\nend: 2023-03-24\narchiveUrl: "
        + binance.baseUrl() + "\ncacheDir: " + dir.resolve("cache") + "\nretries: 0\n");
  }

  private StageContext context(Experiment experiment, Proxies proxies) {
    return new StageContext(experiment, Layout.at(dir.resolve("out")), false, proxies, false, log);
  }
}
