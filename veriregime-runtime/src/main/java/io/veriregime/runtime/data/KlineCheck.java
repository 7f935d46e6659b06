package io.veriregime.runtime.data;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.experiment.InvalidRowPolicy;
import java.util.Locale;

/**
 * The rules every kline must keep to be a real one-minute candle, whatever its source, and the
 * declared policy for one that breaks them: stop the build naming the file, the line and the rule,
 * or drop the row and count it ({@code dataset.json}'s {@code invalidRows}). Prices: low ≤ open,
 * close ≤ high, finite, from 0 to {@link #MAX_PRICE}; volumes from 0 to {@link #MAX_VOLUME} and the
 * taker-buy volume ≤ the volume; {@code open_time ≤ close_time ≤
 * open_time + 59,999 ms} at the file's time unit (an outage can truncate a close time, as on
 * 2023-03-24, but never move it past its minute); open times on the minute grid.
 */
final class KlineCheck {

  /**
   * No price in any quote currency comes near this (BTC in Indonesian rupiah, the largest, was
   * about 2e9); a larger one is a damaged or made-up row, and would dominate the normalisation.
   */
  static final double MAX_PRICE = 1e12;
  /**
   * More than the whole supply of the coins with the largest supply on Binance (about 1e15 units):
   * no minute trades more. A volume of 1e300 would otherwise pass and swamp the volume features.
   */
  static final double MAX_VOLUME = 1e15;

  private final InvalidRowPolicy policy;
  private long dropped;
  private String firstDropped;

  KlineCheck(InvalidRowPolicy policy) {
    this.policy = policy;
  }

  /**
   * Whether to keep a row: true when it keeps every rule; false when it breaks one and the policy
   * drops it (counted).
   *
   * @param where the file and line (or page and candle) for a message
   * @param row the row as read, excerpted for a message
   * @param unitsPerMilli 1 for millisecond times, 1,000 for microseconds
   * @throws VeriRegimeException naming {@code where}, the rule and the fix, under {@code fail}
   */
  boolean keep(String where, String row, long openTime, long closeTime, long unitsPerMilli, double open, double high,
               double low, double close, double volume, double takerBuyVolume) {
    String broken = brokenRule(openTime, closeTime, unitsPerMilli, open, high, low, close, volume, takerBuyVolume);
    if (broken == null) {
      return true;
    }
    if (policy == InvalidRowPolicy.FAIL) {
      throw new VeriRegimeException(where + ": this kline cannot be real: " + broken + " ('" + row + "'). Fix or"
          + " remove the row (or download the file again), or set data.invalidRows: drop to drop such rows (they are"
          + " counted in dataset.json and the report).");
    }
    if (dropped++ == 0) {
      firstDropped = where + ": " + broken;
    }
    return false;
  }

  /** Rows dropped under {@code drop}. */
  long dropped() {
    return dropped;
  }

  /** The first dropped row's place and rule; null when none was dropped. */
  String firstDropped() {
    return firstDropped;
  }

  InvalidRowPolicy policy() {
    return policy;
  }

  private static String brokenRule(long openTime, long closeTime, long unitsPerMilli, double open, double high,
                                   double low, double close, double volume, double takerBuyVolume) {
    long minute = DataStage.INTERVAL.toMillis() * unitsPerMilli;
    String unit = unitsPerMilli == 1 ? "ms" : "µs";
    if (!(low >= 0)) {
      return "low " + number(low) + " is negative or not a number (prices are from 0 to " + number(MAX_PRICE) + ")";
    }
    if (!(high <= MAX_PRICE)) {
      return "high " + number(high) + " is above " + number(MAX_PRICE) + ", more than any price in any quote currency";
    }
    if (!(low <= high)) {
      return "high " + number(high) + " is below low " + number(low);
    }
    if (!(low <= open && open <= high)) {
      return "open " + number(open) + " is outside [low, high] = [" + number(low) + ", " + number(high) + "]";
    }
    if (!(low <= close && close <= high)) {
      return "close " + number(close) + " is outside [low, high] = [" + number(low) + ", " + number(high) + "]";
    }
    if (!(volume >= 0 && takerBuyVolume >= 0)) {
      return "a volume is negative or not a number (volume " + number(volume) + ", taker_buy_volume "
          + number(takerBuyVolume) + ")";
    }
    if (!(volume <= MAX_VOLUME)) {
      return "volume " + number(volume) + " is above " + number(MAX_VOLUME) + ", more than any coin's whole supply"
          + " trades in a minute";
    }
    if (!(takerBuyVolume <= volume)) {
      return "taker_buy_volume " + number(takerBuyVolume) + " is above volume " + number(volume);
    }
    if (closeTime < openTime) {
      return "close_time " + closeTime + " is before open_time " + openTime;
    }
    if (closeTime > openTime + minute - 1) {
      return "close_time " + closeTime + " is more than " + (minute - 1) + " " + unit + " after open_time " + openTime;
    }
    if (Math.floorMod(openTime, minute) != 0) {
      return "open_time " + openTime + " is " + Math.floorMod(openTime, minute) + " " + unit + " off the minute grid";
    }
    return null;
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%s", value);
  }
}
