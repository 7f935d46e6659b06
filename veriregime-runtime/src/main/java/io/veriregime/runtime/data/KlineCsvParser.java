package io.veriregime.runtime.data;

import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Parses Binance archive kline CSV ({@code open_time,open,high,low,close,volume,close_time,
 * quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore}, no header or one header
 * line) straight from bytes. The layout is fixed, so a hand-written scanner beats a general CSV
 * library by an order of magnitude, and numbers are exact: a decimal with at most 15 significant
 * digits is its digits divided by a power of ten, both exact doubles, so the one division rounds
 * correctly (the same double {@link Double#parseDouble} gives).
 *
 * <p>Archive open times are milliseconds before 2025 and microseconds from 2025-01-01; a value
 * too large to be milliseconds (after the year 5000) is read as microseconds.
 */
final class KlineCsvParser {

  static final int COLUMNS = 12;
  private static final long MICROSECOND_THRESHOLD = 100_000_000_000_000L;
  private static final long EXACT_MANTISSA_LIMIT = 1L << 53;
  private static final double[] POW10 = new double[23];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private final String source;
  private final KlineSeries.Builder out;
  private byte[] buf;
  private int pos;
  private int lineEnd;
  private long lineNumber;
  private long previousOpenTime = Long.MIN_VALUE;

  private KlineCsvParser(String source, KlineSeries.Builder out) {
    this.source = source;
    this.out = out;
  }

  /**
   * Appends every row of {@code in} to {@code out}.
   *
   * @param source how errors name the input, e.g. the file path or {@code zip!entry}
   */
  static void parse(InputStream in, String source, KlineSeries.Builder out) throws IOException {
    new KlineCsvParser(source, out).run(in);
  }

  private void run(InputStream in) throws IOException {
    buf = new byte[1 << 20];
    int filled = 0;
    while (true) {
      int n = in.read(buf, filled, buf.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
      int consumed = parseCompleteLines(filled);
      if (consumed == 0 && filled == buf.length) {
        throw malformed("line longer than " + buf.length + " bytes", 0, Math.min(filled, 80));
      }
      System.arraycopy(buf, consumed, buf, 0, filled - consumed);
      filled -= consumed;
    }
    if (filled > 0) {
      // the last line has no line feed
      parseLine(0, filled);
    }
  }

  /** Parses every line ending with a line feed in {@code buf[0, filled)}; returns bytes consumed. */
  private int parseCompleteLines(int filled) {
    int start = 0;
    for (int i = 0; i < filled; i++) {
      if (buf[i] == '\n') {
        parseLine(start, i);
        start = i + 1;
      }
    }
    return start;
  }

  private void parseLine(int start, int end) {
    lineNumber++;
    if (end > start && buf[end - 1] == '\r') {
      end--;
    }
    if (end == start) {
      return;
    }
    if (!isDigit(buf[start])) {
      if (lineNumber == 1) {
        return; // a header line such as "open_time,open,high,..."
      }
      throw malformed("open_time is not a number", start, end);
    }
    pos = start;
    lineEnd = end;
    long openTime = nextLong(start, "open_time");
    if (openTime >= MICROSECOND_THRESHOLD) {
      openTime /= 1000;
    }
    double o = nextDecimal(start, "open");
    double h = nextDecimal(start, "high");
    double l = nextDecimal(start, "low");
    double c = nextDecimal(start, "close");
    double v = nextDecimal(start, "volume");
    skipField(start, "close_time");
    skipField(start, "quote_volume");
    skipField(start, "count");
    double takerBuy = nextDecimal(start, "taker_buy_volume");
    skipField(start, "taker_buy_quote_volume");
    skipField(start, "ignore");
    if (pos <= lineEnd) {
      throw malformed("more than " + COLUMNS + " columns", start, end);
    }
    if (openTime <= previousOpenTime) {
      throw malformed("open_time " + openTime + " is not after the previous row's " + previousOpenTime
          + " (rows must be in time order without duplicates)", start, end);
    }
    previousOpenTime = openTime;
    out.add(openTime, o, h, l, c, v, takerBuy);
  }

  private long nextLong(int lineStart, String column) {
    requireField(lineStart, column);
    int p = pos;
    long value = 0;
    int digits = 0;
    while (p < lineEnd && buf[p] != ',') {
      int d = buf[p] - '0';
      if (d < 0 || d > 9 || ++digits > 18) {
        throw malformed(column + " is not a whole number", lineStart, lineEnd);
      }
      value = value * 10 + d;
      p++;
    }
    if (digits == 0) {
      throw malformed(column + " is missing", lineStart, lineEnd);
    }
    pos = p + 1;
    return value;
  }

  private double nextDecimal(int lineStart, String column) {
    requireField(lineStart, column);
    int p = pos;
    int fieldStart = p;
    long mantissa = 0;
    int digits = 0;
    int fractionDigits = -1;
    while (p < lineEnd && buf[p] != ',') {
      byte b = buf[p];
      if (b == '.' && fractionDigits < 0) {
        fractionDigits = 0;
      } else if (isDigit(b)) {
        if (digits < 18) {
          mantissa = mantissa * 10 + (b - '0');
        }
        digits++;
        if (fractionDigits >= 0) {
          fractionDigits++;
        }
      } else {
        throw malformed(column + " is not a decimal number", lineStart, lineEnd);
      }
      p++;
    }
    if (digits == 0) {
      throw malformed(column + " is missing", lineStart, lineEnd);
    }
    pos = p + 1;
    int scale = Math.max(fractionDigits, 0);
    if (digits <= 18 && mantissa < EXACT_MANTISSA_LIMIT && scale < POW10.length) {
      return mantissa / POW10[scale];
    }
    // too many significant digits for the exact shortcut: let the JDK round it
    return Double.parseDouble(new String(buf, fieldStart, p - fieldStart, StandardCharsets.US_ASCII));
  }

  private void skipField(int lineStart, String column) {
    requireField(lineStart, column);
    int p = pos;
    while (p < lineEnd && buf[p] != ',') {
      p++;
    }
    pos = p + 1;
  }

  private void requireField(int lineStart, String column) {
    if (pos > lineEnd) {
      throw malformed("only " + countColumns(lineStart) + " columns, " + column + " is missing", lineStart, lineEnd);
    }
  }

  private int countColumns(int lineStart) {
    int columns = 1;
    for (int i = lineStart; i < lineEnd; i++) {
      if (buf[i] == ',') {
        columns++;
      }
    }
    return columns;
  }

  private VeriRegimeException malformed(String problem, int start, int end) {
    String row = new String(buf, start, Math.min(end - start, 200), StandardCharsets.US_ASCII);
    return new VeriRegimeException(source + ":" + lineNumber + ": malformed kline row (" + problem + "): '" + row
        + "'. Expected " + COLUMNS + " comma-separated columns as in the Binance archive "
        + "(open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
        + "taker_buy_quote_volume,ignore); fix or remove this row, or re-download the file.");
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
