package io.veriregime.runtime.trust;

import java.nio.file.Path;
import java.util.List;

/**
 * What a consumer trusts a bundle's artifacts by: OpenPGP keys by fingerprint (their public keys in
 * {@code keyring}) and the hashes pinned in its lock file. Either may be absent; with neither, a bundle is
 * only self-consistent, and verify-proof says so.
 *
 * @param trustedKeys fingerprints of the primary keys whose signatures count; empty: signatures are not checked
 * @param keyring the file holding those public keys (armored or binary); null when no key is trusted
 * @param lockFile the pins; null: nothing is pinned
 * @param updatePins replace a pin that differs instead of failing (the deliberate update)
 * @param options how the consumer sets each of these (a Maven property or a CLI option), for messages
 */
public record TrustPolicy(List<String> trustedKeys, Path keyring, Path lockFile, boolean updatePins, Options options) {

  /**
   * The names a consumer sets the policy by, so that a message names the one to change.
   *
   * @param keys the trusted keys' setting
   * @param keyring the keyring's
   * @param updatePins the deliberate update's, written as the user would type it to turn it on
   */
  public record Options(String keys, String keyring, String updatePins) {}

  public TrustPolicy {
    trustedKeys = List.copyOf(trustedKeys);
  }
}
