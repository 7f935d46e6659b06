package io.veriregime.runtime.net;

import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The proxies for the build's downloads (Binance, PyPI), by URL scheme; null where there is none.
 * They come from Maven's {@code settings.xml} (mapped by the plugin) or else from the standard
 * environment variables ({@link #fromEnvironment}). Child processes get them back as those
 * variables ({@link #toEnvironment()}), which pip reads too: a password never goes on a command
 * line.
 */
public record Proxies(HttpProxy http, HttpProxy https) {

  public static final Proxies NONE = new Proxies(null, null);

  /** Every variable {@link #toEnvironment()} sets, so a child sees exactly these proxies. */
  private static final List<String> VARIABLES =
      List.of("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY");

  /**
   * The proxy for a URL, as Maven chooses one: the proxy for its scheme, and for https the http
   * proxy when there is no https one (most settings.xml files declare only {@code <protocol>http}).
   */
  public Optional<HttpProxy> forUri(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    HttpProxy proxy = switch (scheme) {
      case "http" -> http;
      case "https" -> https != null ? https : http;
      default -> null;
    };
    return Optional.ofNullable(proxy).filter(p -> uri.getHost() == null || !p.bypasses(uri.getHost()));
  }

  /** For {@code HttpClient.Builder.proxy}. */
  public ProxySelector selector() {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return List.of(forUri(uri).map(p -> new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.host(), p.port())))
            .orElse(Proxy.NO_PROXY));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException e) {
        // the fetcher reports and retries the failed request itself
      }
    };
  }

  /**
   * Reads {@code https_proxy}, {@code http_proxy} and {@code no_proxy} (lower case first, as curl
   * and pip do, then upper case); an empty value means none.
   */
  public static Proxies fromEnvironment(Map<String, String> env) {
    List<String> noProxy = Arrays.asList(variable(env, "no_proxy").orElse("").split(","));
    return new Proxies(
        variable(env, "http_proxy").map(value -> parse("http_proxy", value, noProxy)).orElse(null),
        variable(env, "https_proxy").map(value -> parse("https_proxy", value, noProxy)).orElse(null));
  }

  /**
   * These proxies as the standard variables, every one of them set (empty where there is no proxy)
   * so that what the child inherits cannot add another. The environment has one {@code no_proxy}
   * for all schemes: it lists the hosts either proxy bypasses.
   */
  public Map<String, String> toEnvironment() {
    String httpUrl = http == null ? "" : http.url();
    String httpsUrl = https == null ? httpUrl : https.url(); // as forUri: https falls back to the http proxy
    Set<String> bypassed = new LinkedHashSet<>();
    for (HttpProxy proxy : new HttpProxy[] {http, https}) {
      if (proxy != null) {
        bypassed.addAll(proxy.nonProxyHosts());
      }
    }
    String noProxy = String.join(",", bypassed);
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : VARIABLES) {
      String lower = name.toLowerCase(Locale.ROOT);
      env.put(name, lower.equals("http_proxy") ? httpUrl : lower.equals("https_proxy") ? httpsUrl : noProxy);
    }
    return env;
  }

  private static Optional<String> variable(Map<String, String> env, String lowerCaseName) {
    String value = env.get(lowerCaseName);
    if (value == null) {
      value = env.get(lowerCaseName.toUpperCase(Locale.ROOT));
    }
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** Percent-decoding only: a '+' in a URL's user part is a plus, not a space. */
  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static HttpProxy parse(String variable, String value, List<String> noProxy) {
    String fix = ". Set it to http://[user:password@]host:port, or unset it.";
    URI uri;
    try {
      uri = new URI(value.contains("://") ? value : "http://" + value);
    } catch (URISyntaxException e) {
      throw new VeriRegimeException("The environment variable " + variable + " is not a URL: " + value + fix);
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new VeriRegimeException("The environment variable " + variable + " names a " + uri.getScheme()
          + " proxy; VeriRegime's downloads go through HTTP proxies only" + fix);
    }
    if (uri.getHost() == null) {
      throw new VeriRegimeException("The environment variable " + variable + " has no host: " + value + fix);
    }
    String user = "";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : "";
    }
    return new HttpProxy(uri.getHost().replaceAll("^\\[|]$", ""), uri.getPort() == -1 ? 80 : uri.getPort(), user, password, noProxy);
  }
}
