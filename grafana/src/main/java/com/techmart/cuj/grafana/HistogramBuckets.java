package com.techmart.cuj.grafana;

import com.techmart.cuj.JourneyCatalogue;
import com.techmart.cuj.JourneyDefinition;
import com.techmart.cuj.LatencyObjective;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The upper bounds (in milliseconds) of the connector's duration histogram. A latency objective
 * is measured from the bucket whose bound equals its threshold, so every threshold must be one
 * of these; otherwise the alert would silently compare against a neighbouring bucket.
 */
final class HistogramBuckets {

  /** The reference collector's {@code histogram.explicit.buckets}, in milliseconds. */
  static final List<BigDecimal> REFERENCE = parse("5,10,25,50,100,250,300,400,500,1000,2500,5000,10000,30000");

  private final List<BigDecimal> bounds;

  HistogramBuckets(List<BigDecimal> bounds) {
    this.bounds = List.copyOf(new TreeSet<>(bounds));
  }

  /**
   * Parses a comma-separated list of bounds in milliseconds, e.g. {@code 5,10,25,50}.
   *
   * @throws IllegalArgumentException naming the value that is not a positive number
   */
  static List<BigDecimal> parse(String csv) {
    List<BigDecimal> out = new ArrayList<>();
    for (String part : csv.split(",")) {
      String p = part.trim();
      BigDecimal value;
      try {
        value = new BigDecimal(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bucket bound '" + p + "' is not a number of milliseconds");
      }
      if (value.signum() <= 0) {
        throw new IllegalArgumentException("bucket bound '" + p + "' must be positive");
      }
      out.add(value.stripTrailingZeros());
    }
    return out;
  }

  /**
   * Checks every latency threshold of the catalogue.
   *
   * @throws IllegalArgumentException naming the catalogue, journey and objective whose threshold
   *     is not a bucket bound, and the bounds to choose from
   */
  void check(JourneyCatalogue catalogue, String source) {
    for (JourneyDefinition journey : catalogue.journeys()) {
      if (journey.slo().isEmpty()) {
        continue;
      }
      for (LatencyObjective objective : journey.slo().get().latency()) {
        check(source, journey, "latency objective '" + objective.name() + "'", objective.threshold());
      }
      var browser = journey.slo().get().browser();
      if (browser.isPresent()) {
        check(source, journey, "browser objective (slo.browser)", browser.get().threshold());
      }
    }
  }

  private void check(String source, JourneyDefinition journey, String what, java.time.Duration threshold) {
    BigDecimal ms = Numbers.millis(threshold);
    if (bounds.stream().noneMatch(b -> b.compareTo(ms) == 0)) {
      throw new IllegalArgumentException(source + ": journey '" + journey.name() + "': " + what
          + " has threshold " + Numbers.humanDuration(threshold)
          + ", which is not a bucket bound of the duration histogram (bounds in ms: "
          + describe() + "). Use one of these thresholds, or add " + Numbers.plain(ms)
          + " to the spanmetrics connector's histogram.explicit.buckets and pass the same"
          + " list with --buckets.");
    }
  }

  String describe() {
    return bounds.stream().map(Numbers::plain).collect(Collectors.joining(", "));
  }
}
