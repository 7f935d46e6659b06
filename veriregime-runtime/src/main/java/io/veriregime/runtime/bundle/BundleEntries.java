package io.veriregime.runtime.bundle;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.Hashing;
import io.veriregime.runtime.stage.Upstream;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/** The bundle zip's entries, in name order, with the hashes their stages recorded. */
final class BundleEntries {

  final SortedMap<String, Path> files = new TreeMap<>();
  private final SortedMap<String, String> hashes = new TreeMap<>();

  /** @param producer the stage whose manifest recorded {@code file}; null for a manifest itself */
  void add(String entry, Path file, Upstream producer) {
    if (files.put(entry, file) != null) {
      throw new VeriRegimeException("bundle: two files would be stored as " + entry + "; this is a bug, please report it.");
    }
    hashes.put(entry, producer == null ? Hashing.sha256(file) : producer.hash(file));
  }

  SortedMap<String, String> hashes() {
    return new TreeMap<>(hashes);
  }
}
