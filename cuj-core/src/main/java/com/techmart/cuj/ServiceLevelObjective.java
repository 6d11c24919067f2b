package com.techmart.cuj;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a journey promises its users.
 *
 * @param availability percentage of journeys that must succeed over {@code window}, in (0, 100),
 *     e.g. {@code 99.9}
 * @param window the compliance window the error budget is counted over, 30 days by default
 * @param latency latency objectives, possibly empty
 * @param browser the user-perceived (click to rendered) latency objective, if any; ticket only
 */
public record ServiceLevelObjective(
    double availability, Duration window, List<LatencyObjective> latency,
    Optional<BrowserObjective> browser) {

  /** The window used when a catalogue does not name one. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

  public ServiceLevelObjective {
    Objects.requireNonNull(window, "window");
    latency = List.copyOf(latency);
    browser = browser == null ? Optional.empty() : browser;
    if (!(availability > 0 && availability < 100)) {
      throw new IllegalArgumentException(
          "availability must be a percentage between 0 and 100 (exclusive), e.g. 99.9; was "
              + availability);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    long distinct = latency.stream().map(LatencyObjective::name).distinct().count();
    if (distinct != latency.size()) {
      throw new IllegalArgumentException("latency objective names must be unique within a journey");
    }
  }

  /** Without a browser objective. */
  public ServiceLevelObjective(double availability, Duration window, List<LatencyObjective> latency) {
    this(availability, window, latency, Optional.empty());
  }

  /** The allowed failure ratio, e.g. {@code 0.001} for 99.9%. */
  public double errorBudget() {
    return (100.0 - availability) / 100.0;
  }
}
