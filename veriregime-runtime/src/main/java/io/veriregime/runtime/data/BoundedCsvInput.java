package io.veriregime.runtime.data;

import io.veriregime.runtime.VeriRegimeException;
import io.veriregime.runtime.files.CountingInputStream;
import java.io.InputStream;
import java.util.Locale;

/**
 * The CSV bytes of one kline file as they are parsed, decompressed, at most {@code limit} of them.
 * A gzip or zip member of {@code data.files} is untrusted: a few MiB can inflate to terabytes
 * (empty lines are skipped, so a parse would never end) and the rows it holds fill memory. The
 * count is of bytes actually inflated, not of a size the file declares.
 */
final class BoundedCsvInput {

  private BoundedCsvInput() {}

  static InputStream of(InputStream in, String file, long limit) {
    return new CountingInputStream(in, count -> {
      if (count > limit) {
        throw new VeriRegimeException(String.format(Locale.ROOT, "Kline file %s holds more than %,d bytes of CSV"
            + " (decompressed), the most one file of data.files may hold (%s). It is not a kline file (a compressed"
            + " file can inflate without end) or it holds more than one file should: split it by month as the"
            + " Binance archive does and list the parts in data.files.", file, limit, KlineFiles.LIMIT_REASON));
      }
    });
  }
}
