package io.veriregime.runtime.experiment;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size written like a JVM heap size: {@code 512m}, {@code 2g}. */
public record ByteSize(long bytes) {

  private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*([kmgt]?)b?", Pattern.CASE_INSENSITIVE);
  private static final String UNITS = "kmgt";

  /**
   * Parses {@code 2g}; empty when the text is not a size.
   *
   * @throws ArithmeticException when the size does not fit in a long
   */
  static java.util.Optional<ByteSize> parse(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    long value = Long.parseLong(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    int power = unit.isEmpty() ? 0 : UNITS.indexOf(unit) + 1;
    return java.util.Optional.of(new ByteSize(Math.multiplyExact(value, 1L << (10 * power))));
  }

  public long megabytes() {
    return bytes >> 20;
  }

  /** The largest exact unit: {@code 2g}, {@code 1536m}. */
  @JsonValue
  @Override
  public String toString() {
    for (int power = UNITS.length(); power > 0; power--) {
      long unit = 1L << (10 * power);
      if (bytes % unit == 0 && bytes >= unit) {
        return (bytes / unit) + String.valueOf(UNITS.charAt(power - 1));
      }
    }
    return Long.toString(bytes);
  }
}
