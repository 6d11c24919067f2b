package com.techmart.cuj;

import java.time.Duration;
import java.util.Objects;

/**
 * A user-perceived latency target, measured in the browser from the click to the rendered result
 * rather than at the server. Alerts on it open a ticket, never a page: browser timings include the
 * user's own network and device.
 *
 * @param percentile the percentile, in (0, 100), e.g. {@code 95}
 * @param threshold the duration the percentile must stay below
 */
public record BrowserObjective(double percentile, Duration threshold) {

  public BrowserObjective {
    Objects.requireNonNull(threshold, "threshold");
    if (!(percentile > 0 && percentile < 100)) {
      throw new IllegalArgumentException(
          "browser percentile must be between 0 and 100 (exclusive), was " + percentile);
    }
    if (threshold.isNegative() || threshold.isZero()) {
      throw new IllegalArgumentException("browser threshold must be positive, was " + threshold);
    }
  }

  /** The percentile as a quantile in (0, 1). */
  public double quantile() {
    return percentile / 100.0;
  }
}
