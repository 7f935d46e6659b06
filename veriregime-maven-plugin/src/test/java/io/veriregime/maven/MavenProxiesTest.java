package io.veriregime.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriregime.runtime.net.HttpProxy;
import io.veriregime.runtime.net.Proxies;
import java.net.URI;
import java.util.List;
import org.apache.maven.settings.Proxy;
import org.junit.jupiter.api.Test;

/** settings.xml proxies become the runtime's: the first per protocol, with credentials and nonProxyHosts. */
class MavenProxiesTest {

  @Test
  void theFirstProxyOfEachProtocolWithItsCredentialsAndNonProxyHosts() {
    Proxy corporate = proxy("http", "proxy.example.com", 3128);
    corporate.setUsername("alice");
    corporate.setPassword("s3cret");
    corporate.setNonProxyHosts("localhost|*.example.com");

    Proxies proxies = MavenProxies.of(List.of(corporate, proxy("http", "second.example.com", 8080), proxy("ftp", "ftp", 21)));

    assertThat(proxies.http()).isEqualTo(new HttpProxy("proxy.example.com", 3128, "alice", "s3cret",
        List.of("localhost", "*.example.com")));
    assertThat(proxies.https()).isNull();
    assertThat(proxies.forUri(URI.create("https://data.binance.vision/"))).contains(proxies.http());
    assertThat(proxies.forUri(URI.create("https://repo.example.com/"))).isEmpty();
  }

  @Test
  void anHttpsProxyServesHttpsUrls() {
    Proxies proxies = MavenProxies.of(List.of(proxy("HTTP", "plain", 1), proxy("https", "secure", 2)));

    assertThat(proxies.forUri(URI.create("https://pypi.org/simple")).map(HttpProxy::host)).contains("secure");
    assertThat(proxies.forUri(URI.create("http://example.org/")).map(HttpProxy::host)).contains("plain");
  }

  private static Proxy proxy(String protocol, String host, int port) {
    Proxy proxy = new Proxy();
    proxy.setProtocol(protocol);
    proxy.setHost(host);
    proxy.setPort(port);
    return proxy;
  }
}
