package io.veriregime.runtime.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * {@code zk.samples}: how many test windows zk-prove proves, from the first on: a number, or
 * {@code all} (the whole test split, which only the data decides).
 *
 * @param count the number; {@link #ALL_COUNT} for all
 */
public record SampleCount(int count) {

  private static final int ALL_COUNT = -1;
  private static final String ALL = "all";
  public static final SampleCount ALL_SAMPLES = new SampleCount(ALL_COUNT);

  /** Parses {@code 64} or {@code all}. */
  @JsonCreator
  static SampleCount parse(String text) {
    // a positive number of samples, or the word all; anything else is a NumberFormatException the binder reports
    if (text.equals(ALL)) {
      return ALL_SAMPLES;
    }
    int count = Integer.parseInt(text);
    if (count < 1) {
      throw new NumberFormatException(text);
    }
    return new SampleCount(count);
  }

  public boolean all() {
    return count == ALL_COUNT;
  }

  /** How many of a test split of {@code available} windows to prove; the stage refuses more than there are. */
  public int of(int available) {
    return all() ? available : count;
  }

  /** As written: a number stays a number in the effective configuration (and in the fingerprints of earlier builds). */
  @JsonValue
  Object json() {
    return all() ? ALL : (Object) count;
  }

  @Override
  public String toString() {
    return all() ? ALL : Integer.toString(count);
  }
}
