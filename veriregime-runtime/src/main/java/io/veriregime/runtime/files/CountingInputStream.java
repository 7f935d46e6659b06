package io.veriregime.runtime.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Counts the bytes taken from a stream (read or skipped) and hands each new total to a listener: a
 * progress line, a bound on untrusted input (which throws past it), or nobody, for a caller that asks
 * {@link #count()} itself.
 */
public final class CountingInputStream extends FilterInputStream {

  private final LongConsumer onCount;
  private long count;

  public CountingInputStream(InputStream in, LongConsumer onCount) {
    super(in);
    this.onCount = onCount;
  }

  public CountingInputStream(InputStream in) {
    this(in, count -> { });
  }

  public long count() {
    return count;
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
    int n = super.read(b, off, len);
    if (n > 0) {
      advance(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) {
      advance(skipped);
    }
    return skipped;
  }

  private void advance(long n) {
    count += n;
    onCount.accept(count);
  }
}
