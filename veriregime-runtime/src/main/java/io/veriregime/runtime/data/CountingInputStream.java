package io.veriregime.runtime.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports the bytes read so far to a {@link Progress}, for downloads and file reads alike. */
final class CountingInputStream extends FilterInputStream {

  private final Progress progress;
  private long count;

  CountingInputStream(InputStream in, Progress progress) {
    super(in);
    this.progress = progress;
  }

  long count() {
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

  private void advance(int n) {
    count += n;
    progress.update(count);
  }
}
