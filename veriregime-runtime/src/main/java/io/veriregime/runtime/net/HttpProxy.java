package io.veriregime.runtime.net;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP proxy: where it is, the Basic credentials it wants (empty strings when none) and the
 * hosts reached without it ({@code nonProxyHosts} as Maven writes them, {@code *} a wildcard, or as
 * {@code no_proxy} writes them, {@code .example.com} or {@code example.com} for a domain and its
 * subdomains).
 */
public record HttpProxy(String host, int port, String username, String password, List<String> nonProxyHosts) {

  public HttpProxy {
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    nonProxyHosts = nonProxyHosts.stream().map(String::trim).filter(entry -> !entry.isEmpty())
        .map(entry -> entry.toLowerCase(Locale.ROOT)).toList();
  }

  /** Whether {@code host} is reached directly. */
  public boolean bypasses(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    return nonProxyHosts.stream().anyMatch(entry -> entry.contains("*")
        ? name.matches(("\\Q" + entry + "\\E").replace("*", "\\E.*\\Q"))
        : name.equals(entry.replaceFirst("^\\.", "")) || name.endsWith(entry.startsWith(".") ? entry : "." + entry));
  }

  /** The {@code Proxy-Authorization} value, sent with every request rather than after a 407. */
  public Optional<String> basicAuthorization() {
    return username.isEmpty() ? Optional.empty() : Optional.of("Basic " + Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
  }

  /** The form of the {@code http_proxy} environment variables: {@code http://user:password@host:port}. */
  String url() {
    String credentials = username.isEmpty() ? "" : encode(username) + (password.isEmpty() ? "" : ":" + encode(password)) + "@";
    return "http://" + credentials + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Never shows the password: requests and contexts are logged at debug level. */
  @Override
  public String toString() {
    return "HttpProxy[" + (username.isEmpty() ? "" : username + ":***@") + host + ":" + port
        + (nonProxyHosts.isEmpty() ? "" : ", nonProxyHosts=" + String.join("|", nonProxyHosts)) + "]";
  }
}
