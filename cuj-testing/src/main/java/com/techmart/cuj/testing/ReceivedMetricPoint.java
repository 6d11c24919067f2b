package com.techmart.cuj.testing;

import java.util.Map;

/**
 * One data point of one metric as a real process exported it over OTLP, decoded by
 * {@link OtlpReceiver}. Every export of a cumulative metric repeats its points, so the newest
 * point of a series is its current value.
 *
 * @param type {@code SUM}, {@code GAUGE}, {@code HISTOGRAM}, {@code EXPONENTIAL_HISTOGRAM} or
 *     {@code SUMMARY}
 * @param value a sum's or gauge's value; a histogram's or summary's sum of observations
 * @param count a histogram's or summary's number of observations; 0 for sums and gauges
 */
public record ReceivedMetricPoint(
    String name,
    String type,
    Map<String, Object> attributes,
    Map<String, Object> resource,
    double value,
    long count,
    long timeEpochNanos) {

  /** The resource's {@code service.name}, or {@code null}. */
  public String serviceName() {
    Object name = resource.get("service.name");
    return name == null ? null : name.toString();
  }
}
