package io.veriregime.runtime.data;

import java.util.Arrays;

/**
 * Klines in chronological order, held column by column (one primitive array per field) so a month
 * of minute candles costs a few megabytes and no per-row objects. Only the columns the features
 * need are kept; open times are epoch milliseconds whatever unit the source used.
 */
final class KlineSeries {

  private final long[] openTime;
  private final double[] open;
  private final double[] high;
  private final double[] low;
  private final double[] close;
  private final double[] volume;
  private final double[] takerBuyVolume;
  private final int size;

  private KlineSeries(long[] openTime, double[] open, double[] high, double[] low, double[] close,
            double[] volume, double[] takerBuyVolume, int size) {
    this.openTime = openTime;
    this.open = open;
    this.high = high;
    this.low = low;
    this.close = close;
    this.volume = volume;
    this.takerBuyVolume = takerBuyVolume;
    this.size = size;
  }

  int size() { return size; }
  long openTime(int i) { return openTime[i]; }
  double open(int i) { return open[i]; }
  double high(int i) { return high[i]; }
  double low(int i) { return low[i]; }
  double close(int i) { return close[i]; }
  double volume(int i) { return volume[i]; }
  double takerBuyVolume(int i) { return takerBuyVolume[i]; }

  /** The rows whose open time lies in {@code [fromMillis, toMillis)}; this series if all do. */
  KlineSeries between(long fromMillis, long toMillis) {
    int from = lowerBound(fromMillis);
    int to = lowerBound(toMillis);
    if (from == 0 && to == size) {
      return this;
    }
    Builder b = new Builder(to - from);
    for (int i = from; i < to; i++) {
      b.add(openTime[i], open[i], high[i], low[i], close[i], volume[i], takerBuyVolume[i]);
    }
    return b.build();
  }

  private int lowerBound(long millis) {
    int i = Arrays.binarySearch(openTime, 0, size, millis);
    return i >= 0 ? i : -i - 1;
  }

  /** Appends rows; grows its columns geometrically. */
  static final class Builder {
    private long[] openTime;
    private double[] open;
    private double[] high;
    private double[] low;
    private double[] close;
    private double[] volume;
    private double[] takerBuyVolume;
    private int size;

    Builder(int expectedRows) {
      int capacity = Math.max(16, expectedRows);
      openTime = new long[capacity];
      open = new double[capacity];
      high = new double[capacity];
      low = new double[capacity];
      close = new double[capacity];
      volume = new double[capacity];
      takerBuyVolume = new double[capacity];
    }

    int size() { return size; }

    long openTime(int i) { return openTime[i]; }

    void add(long openTimeMillis, double o, double h, double l, double c, double v, double takerBuy) {
      if (size == openTime.length) {
        grow();
      }
      openTime[size] = openTimeMillis;
      open[size] = o;
      high[size] = h;
      low[size] = l;
      close[size] = c;
      volume[size] = v;
      takerBuyVolume[size] = takerBuy;
      size++;
    }

    private void grow() {
      int capacity = openTime.length * 2;
      openTime = Arrays.copyOf(openTime, capacity);
      open = Arrays.copyOf(open, capacity);
      high = Arrays.copyOf(high, capacity);
      low = Arrays.copyOf(low, capacity);
      close = Arrays.copyOf(close, capacity);
      volume = Arrays.copyOf(volume, capacity);
      takerBuyVolume = Arrays.copyOf(takerBuyVolume, capacity);
    }

    /** The rows added so far; the builder must not be used afterwards (the arrays are shared). */
    KlineSeries build() {
      return new KlineSeries(openTime, open, high, low, close, volume, takerBuyVolume, size);
    }
  }
}
