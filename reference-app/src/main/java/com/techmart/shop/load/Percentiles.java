package com.techmart.shop.load;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of a set of durations. */
public final class Percentiles {

  private final long[] sorted;

  private Percentiles(long[] sorted) {
    this.sorted = sorted;
  }

  public static Percentiles of(Collection<Long> values) {
    long[] a = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(a);
    return new Percentiles(a);
  }

  public int count() {
    return sorted.length;
  }

  /**
   * The smallest value with at least {@code p} percent of the values at or below it; 0 when empty.
   *
   * @param p in (0, 100]
   */
  public long at(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
    }
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** A duration in nanoseconds as {@code 12 ms}, {@code 1.4 s}. */
  public static String millis(long nanos) {
    double ms = nanos / 1e6;
    if (ms >= 10_000) {
      return String.format("%.0f s", ms / 1000);
    }
    if (ms >= 1000) {
      return String.format("%.1f s", ms / 1000);
    }
    if (ms >= 10) {
      return String.format("%.0f ms", ms);
    }
    return String.format("%.1f ms", ms);
  }
}
