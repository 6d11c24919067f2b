package com.techmart.cuj.testing;

import java.util.List;
import java.util.Map;

/**
 * One span as a real process exported it over OTLP, decoded by {@link OtlpReceiver}.
 *
 * <p>Attribute values are plain Java values: {@code String}, {@code Boolean}, {@code Long},
 * {@code Double}, or a {@code List} of those. Ids are lowercase hex; a root span's
 * {@code parentSpanId} is the empty string.
 *
 * @param kind {@code SERVER}, {@code CLIENT}, {@code INTERNAL}, {@code PRODUCER} or {@code CONSUMER}
 * @param statusCode {@code UNSET}, {@code OK} or {@code ERROR}
 * @param events the names of the span's events, in order (an exception is {@code "exception"})
 */
public record ReceivedSpan(
    String traceId,
    String spanId,
    String parentSpanId,
    String name,
    String kind,
    String statusCode,
    String statusMessage,
    Map<String, Object> attributes,
    Map<String, Object> resource,
    String scope,
    long startEpochNanos,
    long endEpochNanos,
    List<String> events) {

  /** The span attribute {@code key}, or {@code null} when the span does not carry it. */
  public Object attribute(String key) {
    return attributes.get(key);
  }

  /** The resource's {@code service.name}, or {@code null}. */
  public String serviceName() {
    Object name = resource.get("service.name");
    return name == null ? null : name.toString();
  }

  /** Whether this span has no parent in its trace. */
  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  @Override
  public String toString() {
    return serviceName() + " " + kind + " '" + name + "' " + statusCode + " trace=" + traceId
        + " span=" + spanId + " parent=" + parentSpanId + " " + attributes;
  }
}
