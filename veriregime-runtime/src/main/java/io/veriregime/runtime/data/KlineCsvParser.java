package io.veriregime.runtime.data;

import io.veriregime.runtime.UntrustedText;
import io.veriregime.runtime.VeriRegimeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses Binance archive kline CSV ({@code open_time,open,high,low,close,volume,close_time,
 * quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore}, no header or one header
 * line) straight from bytes in one pass. The layout is fixed, so a hand-written scanner beats a
 * general CSV library by an order of magnitude, and numbers are exact: a decimal with at most 15
 * significant digits is its digits divided by a power of ten, both exact doubles, so the one
 * division rounds correctly (the same double {@link Double#parseDouble} gives).
 *
 * <p>Archive open times are milliseconds before 2025 and microseconds from 2025-01-01; a value
 * too large to be milliseconds (after the year 5000) is read as microseconds.
 */
final class KlineCsvParser {

  private static final String[] COLUMNS = {"open_time", "open", "high", "low", "close", "volume", "close_time",
      "quote_volume", "count", "taker_buy_volume", "taker_buy_quote_volume", "ignore"};
  private static final int LAST = COLUMNS.length - 1;
  private static final long MICROSECOND_THRESHOLD = 100_000_000_000_000L;
  private static final long EXACT_MANTISSA_LIMIT = 1L << 53;
  /** The most characters of a bad row a message quotes: enough to recognise it, never a whole file. */
  private static final double[] POW10 = new double[23];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private final String source;
  private final KlineSeries.Builder out;
  private final KlineCheck check;
  private byte[] buf = new byte[1 << 20];
  private int pos;
  private int lineStart;
  private long lineNumber;
  private long previousOpenTime = Long.MIN_VALUE;
  private long rows;

  private KlineCsvParser(String source, KlineSeries.Builder out, KlineCheck check) {
    this.source = source;
    this.out = out;
    this.check = check;
  }

  /** The current line from its start, a little longer than a message shows of it. */
  private String row() {
    int end = lineStart;
    while (end < buf.length && buf[end] != '\n' && buf[end] != '\r' && end - lineStart <= UntrustedText.EXCERPT) {
      end++;
    }
    // one char per byte, so excerpt() shows every byte that is not printable ASCII as \xNN
    return new String(buf, lineStart, end - lineStart, StandardCharsets.ISO_8859_1);
  }

  /**
   * Appends every row of {@code in} that {@code check} keeps to {@code out}: at least one row, or it fails.
   *
   * @param source how errors name the input, e.g. the file path or {@code zip!entry}
   */
  static void parse(InputStream in, String source, KlineSeries.Builder out, KlineCheck check) throws IOException {
    new KlineCsvParser(source, out, check).run(in);
  }

  private void run(InputStream in) throws IOException {
    int filled = 0;
    while (true) {
      int n = in.read(buf, filled, buf.length - filled);
      if (n < 0) {
        break;
      }
      filled += n;
      int complete = lastLineFeed(filled) + 1;
      if (complete == 0 && filled == buf.length) {
        lineStart = 0;
        throw malformed("line longer than " + buf.length + " bytes");
      }
      parseLines(complete);
      System.arraycopy(buf, complete, buf, 0, filled - complete);
      filled -= complete;
    }
    if (filled > 0) {
      // the last line has no line feed: give it one so every line ends alike
      if (filled == buf.length) {
        buf = Arrays.copyOf(buf, filled + 1);
      }
      buf[filled] = '\n';
      parseLines(filled + 1);
    }
    if (rows == 0) {
      throw new VeriRegimeException(source + ": holds no klines (" + (lineNumber == 0 ? "it is empty" : "only "
          + lineNumber + " header or empty line(s)") + "). Expected rows of " + COLUMNS.length + " comma-separated "
          + "columns as in the Binance archive; check that it is the right file, or download it again.");
    }
  }

  private int lastLineFeed(int filled) {
    for (int i = filled - 1; i >= 0; i--) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Parses the lines in {@code buf[0, end)}; {@code buf[end - 1]} is a line feed. */
  private void parseLines(int end) {
    pos = 0;
    while (pos < end) {
      parseLine();
    }
  }

  private void parseLine() {
    lineNumber++;
    lineStart = pos;
    byte first = buf[pos];
    if (first == '\n' || first == '\r' && buf[pos + 1] == '\n') {
      pos += first == '\n' ? 1 : 2; // an empty line
      return;
    }
    if (!isDigit(first)) {
      // a header line names the columns ("open_time,open,high,..."): no digits, unlike a row with a
      // stray first byte (a BOM, a space), which must not be dropped as if it were a header
      if (lineNumber == 1 && !lineHasDigit()) {
        skipLine();
        return;
      }
      throw malformed(lineNumber == 1 ? "neither a kline row nor a header line" : "open_time is not a number");
    }
    long fileOpenTime = wholeNumber(0);
    long unitsPerMilli = fileOpenTime >= MICROSECOND_THRESHOLD ? 1000 : 1;
    long openTime = fileOpenTime / unitsPerMilli;
    double o = decimal(1);
    double h = decimal(2);
    double l = decimal(3);
    double c = decimal(4);
    double v = decimal(5);
    long closeTime = wholeNumber(6);
    skip(7);
    skip(8);
    double takerBuy = decimal(9);
    skip(10);
    skip(LAST);
    if (openTime <= previousOpenTime) {
      throw malformed("open_time " + openTime + " is not after the previous row's " + previousOpenTime
          + " (rows must be in time order without duplicates)");
    }
    previousOpenTime = openTime;
    rows++;
    if (check.keep(source + ":" + lineNumber, UntrustedText.excerpt(row()), fileOpenTime, closeTime, unitsPerMilli,
        o, h, l, c, v, takerBuy)) {
      out.add(openTime, o, h, l, c, v, takerBuy);
    }
  }

  private long wholeNumber(int column) {
    int p = pos;
    long value = 0;
    byte b;
    while (isDigit(b = buf[p])) {
      value = value * 10 + (b - '0');
      p++;
    }
    if (p == pos || p - pos > 18) {
      throw malformed(COLUMNS[column] + (p == pos ? " is missing" : " is not a whole number"));
    }
    endField(column, p, b, " is not a whole number");
    return value;
  }

  private double decimal(int column) {
    int start = pos;
    int p = start;
    long mantissa = 0;
    int digits = 0;
    int fractionDigits = -1;
    byte b;
    while (true) {
      b = buf[p];
      if (isDigit(b)) {
        if (digits < 18) {
          mantissa = mantissa * 10 + (b - '0');
        }
        digits++;
        if (fractionDigits >= 0) {
          fractionDigits++;
        }
      } else if (b == '.' && fractionDigits < 0) {
        fractionDigits = 0;
      } else {
        break;
      }
      p++;
    }
    if (digits == 0) {
      throw malformed(COLUMNS[column] + (p == start && isEndOfField(b) ? " is missing" : " is not a decimal number"));
    }
    endField(column, p, b, " is not a decimal number");
    int scale = Math.max(fractionDigits, 0);
    if (digits <= 18 && mantissa < EXACT_MANTISSA_LIMIT && scale < POW10.length) {
      return mantissa / POW10[scale];
    }
    // too many significant digits for the exact shortcut: let the JDK round it
    return Double.parseDouble(new String(buf, start, p - start, StandardCharsets.US_ASCII));
  }

  private void skip(int column) {
    int p = pos;
    byte b;
    while (!isEndOfField(b = buf[p])) {
      p++;
    }
    endField(column, p, b, "");
  }

  /** Checks the byte after a column and moves past it: a comma, or the line end after the last column. */
  private void endField(int column, int p, byte b, String notANumber) {
    if (column < LAST) {
      if (b == ',') {
        pos = p + 1;
        return;
      }
      if (b == '\n' || b == '\r') {
        throw malformed("only " + (column + 1) + " columns, " + COLUMNS[column + 1] + " is missing");
      }
      throw malformed(COLUMNS[column] + notANumber);
    }
    if (b == ',') {
      throw malformed("more than " + COLUMNS.length + " columns");
    }
    if (b == '\r' && buf[p + 1] == '\n') {
      pos = p + 2;
    } else if (b == '\n') {
      pos = p + 1;
    } else {
      throw malformed(COLUMNS[column] + notANumber);
    }
  }

  private boolean lineHasDigit() {
    for (int p = pos; buf[p] != '\n'; p++) {
      if (isDigit(buf[p])) {
        return true;
      }
    }
    return false;
  }

  private void skipLine() {
    while (buf[pos] != '\n') {
      pos++;
    }
    pos++;
  }

  private VeriRegimeException malformed(String problem) {
    return new VeriRegimeException(source + ":" + lineNumber + ": malformed kline row (" + problem + "): '"
        + UntrustedText.excerpt(row()) + "'. Expected " + COLUMNS.length + " comma-separated columns as in the Binance archive ("
        + String.join(",", COLUMNS) + "); fix or remove this row, or download the file again.");
  }

  private static boolean isEndOfField(byte b) {
    return b == ',' || b == '\n' || b == '\r';
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
