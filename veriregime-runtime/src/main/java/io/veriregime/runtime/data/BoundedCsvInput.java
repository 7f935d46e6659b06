package io.veriregime.runtime.data;

import io.veriregime.runtime.VeriRegimeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * The CSV bytes of one kline file as they are parsed, decompressed, at most {@code limit} of them.
 * A gzip or zip member of {@code data.files} is untrusted: a few MiB can inflate to terabytes
 * (empty lines are skipped, so a parse would never end) and the rows it holds fill memory. The
 * count is of bytes actually inflated, not of a size the file declares.
 */
final class BoundedCsvInput extends FilterInputStream {

  private final String file;
  private final long limit;
  private long count;

  BoundedCsvInput(InputStream in, String file, long limit) {
    super(in);
    this.file = file;
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      advance(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, (int) Math.min(len, limit - count + 1));
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  private void advance(int n) {
    count += n;
    if (count > limit) {
      throw new VeriRegimeException(String.format(Locale.ROOT, "Kline file %s holds more than %,d bytes of CSV"
          + " (decompressed), the most one file of data.files may hold (%s). It is not a kline file (a compressed"
          + " file can inflate without end) or it holds more than one file should: split it by month as the Binance"
          + " archive does and list the parts in data.files.", file, limit, KlineFiles.LIMIT_REASON));
    }
  }
}
