package io.veriregime.maven;

import io.veriregime.runtime.net.HttpProxy;
import io.veriregime.runtime.net.Proxies;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * The runtime's {@link Proxies} from Maven's settings.xml: its active proxies, passwords decrypted
 * as Maven decrypts them; without an active one, the standard environment variables.
 */
final class MavenProxies {

  private MavenProxies() {}

  static Proxies of(Settings settings, SettingsDecrypter decrypter) throws MojoFailureException {
    List<Proxy> active = settings.getProxies().stream().filter(Proxy::isActive).toList();
    if (active.isEmpty()) {
      return Proxies.fromEnvironment(System.getenv());
    }
    SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest().setProxies(active));
    List<SettingsProblem> errors = decrypted.getProblems().stream()
        .filter(problem -> problem.getSeverity().compareTo(SettingsProblem.Severity.WARNING) < 0).toList();
    if (!errors.isEmpty()) {
      throw new MojoFailureException("settings.xml: could not decrypt a proxy password: "
          + errors.stream().map(SettingsProblem::getMessage).collect(Collectors.joining("; "))
          + ". Encrypt it again with 'mvn --encrypt-password' (the master password in settings-security.xml must match),"
          + " or write it in plain text.");
    }
    return of(decrypted.getProxies());
  }

  /** The first active proxy for each protocol, as Maven picks one (an http proxy serves https too, see Proxies.forUri). */
  static Proxies of(List<Proxy> decryptedActive) {
    return new Proxies(first(decryptedActive, "http"), first(decryptedActive, "https"));
  }

  private static HttpProxy first(List<Proxy> proxies, String protocol) {
    return proxies.stream()
        .filter(proxy -> protocol.equals(proxy.getProtocol() == null ? "http" : proxy.getProtocol().toLowerCase(Locale.ROOT)))
        .findFirst()
        .map(proxy -> new HttpProxy(proxy.getHost(), proxy.getPort(), proxy.getUsername(), proxy.getPassword(),
            proxy.getNonProxyHosts() == null ? List.of() : Arrays.asList(proxy.getNonProxyHosts().split("[|,]"))))
        .orElse(null);
  }
}
