package io.veriregime.runtime.stage;

import io.veriregime.runtime.files.Hashing;
import java.nio.file.Path;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a stage's outputs depend on: its configuration, its input files and the tools that
 * produced them. Equal fingerprints mean the stage may be skipped.
 *
 * @param configHash sha256 of the canonical JSON of the stage's configuration
 * @param inputs input name to sha256
 * @param tools tool name to version
 */
public record Fingerprint(
    String configHash, SortedMap<String, String> inputs, SortedMap<String, String> tools) {

  public Fingerprint {
    inputs = Collections.unmodifiableSortedMap(new TreeMap<>(inputs));
    tools = Collections.unmodifiableSortedMap(new TreeMap<>(tools));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects a fingerprint's parts. */
  public static final class Builder {
    private final TreeMap<String, Object> config = new TreeMap<>();
    private final TreeMap<String, String> inputs = new TreeMap<>();
    private final TreeMap<String, String> tools = new TreeMap<>();

    private Builder() {}

    /** Adds a configuration section (hashed as canonical JSON); call once per section. */
    public Builder config(Object section) {
      config.put(section.getClass().getSimpleName(), section);
      return this;
    }

    /** Adds a named configuration value that is not a whole section. */
    public Builder config(String name, Object value) {
      config.put(name, value);
      return this;
    }

    public Builder input(String name, Path file) {
      inputs.put(name, Hashing.sha256(file));
      return this;
    }

    /** An input another stage wrote, by the hash its (checked) manifest recorded. */
    public Builder input(String name, Upstream upstream, Path file) {
      return inputHash(name, upstream.hash(file));
    }

    public Builder inputHash(String name, String sha256) {
      inputs.put(name, sha256);
      return this;
    }

    public Builder tool(String name, String version) {
      tools.put(name, version);
      return this;
    }

    public Fingerprint build() {
      tools.putIfAbsent("veriregime", Versions.veriregime());
      return new Fingerprint(Hashing.sha256Json(config), inputs, tools);
    }
  }
}
