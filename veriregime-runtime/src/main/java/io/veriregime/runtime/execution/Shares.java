package io.veriregime.runtime.execution;

import java.util.ArrayList;
import java.util.List;

/** Work lists cut into shares: the one way windows are split over processes or tasks. */
public final class Shares {

  private Shares() {}

  /** {@code items} cut into {@code count} contiguous runs whose lengths differ by at most one, in order. */
  public static <T> List<List<T>> contiguous(List<T> items, int count) {
    if (count < 1 || count > Math.max(1, items.size())) {
      throw new IllegalArgumentException("cannot cut " + items.size() + " items into " + count + " shares");
    }
    List<List<T>> shares = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < count; i++) {
      int to = from + (items.size() - from) / (count - i);
      shares.add(List.copyOf(items.subList(from, to)));
      from = to;
    }
    return shares;
  }

  /**
   * How many shares {@code items} make: enough that none holds more than {@code maxShareSize}, and
   * at least one per executor that can run at once (while there are items for them).
   */
  public static int count(int items, int maxShareSize, int executors) {
    int bySize = (items + maxShareSize - 1) / maxShareSize;
    return Math.max(1, Math.max(bySize, Math.min(items, executors)));
  }
}
