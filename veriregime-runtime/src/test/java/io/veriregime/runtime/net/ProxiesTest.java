package io.veriregime.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Proxies from the standard environment variables, back to them for child processes, and which URL uses which. */
class ProxiesTest {

  @Test
  void readsTheVariablesLowerCaseFirstWithCredentialsAndNoProxy() {
    Proxies proxies = Proxies.fromEnvironment(Map.of(
        "https_proxy", "http://al%40ice:p%3Ass+w@proxy.example.com:3128",
        "HTTPS_PROXY", "http://ignored:1",
        "HTTP_PROXY", "plain.example.com:8080",
        "no_proxy", "localhost, .internal.example.com,10.*"));

    assertThat(proxies.https()).isEqualTo(new HttpProxy("proxy.example.com", 3128, "al@ice", "p:ss+w",
        List.of("localhost", ".internal.example.com", "10.*")));
    assertThat(proxies.http().host()).isEqualTo("plain.example.com");
    assertThat(proxies.http().port()).isEqualTo(8080);
    assertThat(proxies.forUri(URI.create("https://data.binance.vision/x"))).contains(proxies.https());
    assertThat(proxies.forUri(URI.create("https://mirror.internal.example.com/x"))).isEmpty();
    assertThat(proxies.forUri(URI.create("https://internal.example.com/x"))).isEmpty();
    assertThat(proxies.forUri(URI.create("http://10.1.2.3/x"))).isEmpty();
    assertThat(proxies.forUri(URI.create("http://localhost:8080/x"))).isEmpty();
    assertThat(proxies.forUri(URI.create("http://api.binance.com/x"))).contains(proxies.http());
  }

  @Test
  void httpsUsesTheHttpProxyWhenThereIsNoHttpsOneAsMavenDoes() {
    HttpProxy proxy = new HttpProxy("proxy", 8080, "", "", List.of("*.example.com"));
    Proxies proxies = new Proxies(proxy, null);

    assertThat(proxies.forUri(URI.create("https://pypi.org/simple"))).contains(proxy);
    assertThat(proxies.forUri(URI.create("https://www.example.com/"))).isEmpty();
    assertThat(Proxies.fromEnvironment(Map.of("https_proxy", "", "http_proxy", ""))).isEqualTo(Proxies.NONE);
  }

  @Test
  void theEnvironmentFormReadsBackTheSameAndOverridesWhatAChildWouldInherit() {
    HttpProxy proxy = new HttpProxy("proxy.example.com", 3128, "al@ice", "p:ss w+", List.of("localhost"));
    Proxies proxies = new Proxies(null, proxy);

    Map<String, String> env = proxies.toEnvironment();

    assertThat(env).containsEntry("https_proxy", "http://al%40ice:p%3Ass%20w%2B@proxy.example.com:3128")
        .containsEntry("HTTPS_PROXY", env.get("https_proxy"))
        .containsEntry("http_proxy", "").containsEntry("HTTP_PROXY", "")
        .containsEntry("no_proxy", "localhost");
    assertThat(Proxies.fromEnvironment(env)).isEqualTo(proxies);
    assertThat(Proxies.NONE.toEnvironment()).hasSize(6).allSatisfy((name, value) -> assertThat(value).isEmpty());
  }

  @Test
  void thePasswordIsNeverPrinted() {
    Proxies proxies = new Proxies(null, new HttpProxy("proxy", 1, "alice", "s3cret", List.of()));

    assertThat(proxies.toString()).contains("alice").doesNotContain("s3cret");
  }

  @Test
  void aProxyThatIsNotHttpIsRefusedNamingTheVariable() {
    assertThatThrownBy(() -> Proxies.fromEnvironment(Map.of("https_proxy", "socks5://proxy:1080")))
        .hasMessageContaining("https_proxy").hasMessageContaining("socks5").hasMessageContaining("http://[user:password@]host:port");
  }
}
