package com.techmart.cuj;

import com.techmart.cuj.internal.JourneyName;
import java.time.Duration;
import java.util.Objects;

/**
 * A latency target of a journey: the given percentile of the durations of {@code span} stays
 * below {@code threshold}. The span defaults to the journey span ({@code cuj.<name>}); a
 * different span (for example the background stage that finishes an order) measures a later part
 * of the same journey.
 *
 * @param name short identifier, unique within the journey (used in alert names), e.g. {@code latency}
 * @param percentile the percentile, in (0, 100), e.g. {@code 95} for p95
 * @param threshold the duration the percentile must stay below
 * @param span the span name whose duration is measured
 * @param description what this objective protects, for humans
 */
public record LatencyObjective(
    String name, double percentile, Duration threshold, String span, String description) {

  public LatencyObjective {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(span, "span");
    description = description == null ? "" : description;
    if (!(percentile > 0 && percentile < 100)) {
      throw new IllegalArgumentException(
          "latency percentile must be between 0 and 100 (exclusive), was " + percentile);
    }
    if (threshold.isNegative() || threshold.isZero()) {
      throw new IllegalArgumentException("latency threshold must be positive, was " + threshold);
    }
    if (!JourneyName.isValid(name)) {
      throw new IllegalArgumentException(
          "latency objective name '" + JourneyName.printable(name) + "' must be kebab-case");
    }
  }

  /** The percentile as a quantile in (0, 1), as PromQL's {@code histogram_quantile} wants it. */
  public double quantile() {
    return percentile / 100.0;
  }
}
