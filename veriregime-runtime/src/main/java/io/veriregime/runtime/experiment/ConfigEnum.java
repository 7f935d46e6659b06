package io.veriregime.runtime.experiment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** An enum written in YAML in kebab case: {@code DROP_WINDOWS} is {@code drop-windows}. */
public interface ConfigEnum {

  String name();

  @JsonValue
  default String yamlName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
