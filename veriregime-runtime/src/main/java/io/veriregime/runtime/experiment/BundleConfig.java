package io.veriregime.runtime.experiment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The {@code bundle:} section: what the model bundle carries beyond what verifying its proofs needs,
 * and the time stamped on every entry (so the same outputs always give the same bytes).
 *
 * @param includeProvingKey also carry the proving key (hundreds of MB; only a prover needs it)
 * @param outputTimestamp every zip entry's time: ISO-8601 with an offset ({@code 2026-01-01T00:00:00Z})
 *     or seconds since the epoch, as Maven's {@code project.build.outputTimestamp}, which the Maven goal
 *     passes here when the project sets it
 */
public record BundleConfig(boolean includeProvingKey, String outputTimestamp) implements ConfigSection {

  /** The earliest time a zip entry can carry (MS-DOS time starts in 1980; Maven uses the same bounds). */
  static final Instant EARLIEST = Instant.parse("1980-01-01T00:00:02Z");
  static final Instant LATEST = Instant.parse("2099-12-31T23:59:59Z");

  static final BundleConfig DEFAULTS = new BundleConfig(false, EARLIEST.toString());

  /** {@link #outputTimestamp} as an instant (validated when the experiment was loaded). */
  public Instant timestamp() {
    return parse(outputTimestamp);
  }

  private static Instant parse(String text) {
    return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochSecond(Long.parseLong(text))
        : OffsetDateTime.parse(text).toInstant();
  }

  @Override
  public void validate(ConfigChecks checks) {
    Instant parsed;
    try {
      parsed = parse(outputTimestamp);
    } catch (DateTimeParseException | NumberFormatException e) {
      parsed = null;
    }
    checks.require(parsed != null, "outputTimestamp", "must be an ISO-8601 time with an offset or seconds since the"
        + " epoch, got '" + outputTimestamp + "'", "Use e.g. 2026-01-01T00:00:00Z.");
    checks.require(!parsed.isBefore(EARLIEST) && !parsed.isAfter(LATEST), "outputTimestamp",
        "must lie between " + EARLIEST + " and " + LATEST + " (what a zip entry can carry), got " + parsed,
        "Use e.g. 2026-01-01T00:00:00Z.");
  }
}
