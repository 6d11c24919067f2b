package com.techmart.cuj.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.Collection;
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

  /**
   * This span as {@link SpanData}, so {@link JourneyAssertions} can judge what a real process
   * exported: {@code assertThatJourneys(ReceivedSpan.toSpanData(receiver.trace(id)))}. Events keep
   * their names only; links are not decoded.
   */
  public SpanData toSpanData() {
    SpanContext parent = parentSpanId.isEmpty()
        ? SpanContext.getInvalid()
        : SpanContext.createFromRemoteParent(traceId, parentSpanId, TraceFlags.getSampled(), TraceState.getDefault());
    Attributes spanAttributes = toAttributes(attributes);
    return TestSpanData.builder()
        .setSpanContext(SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault()))
        .setParentSpanContext(parent)
        .setResource(Resource.create(toAttributes(resource)))
        .setInstrumentationScopeInfo(InstrumentationScopeInfo.create(scope == null || scope.isEmpty() ? "unknown" : scope))
        .setName(name)
        .setKind(SpanKind.valueOf(kind))
        .setStartEpochNanos(startEpochNanos)
        .setEndEpochNanos(endEpochNanos)
        .setHasEnded(true)
        .setAttributes(spanAttributes)
        .setTotalAttributeCount(spanAttributes.size())
        .setStatus(StatusData.create(StatusCode.valueOf(statusCode), statusMessage == null ? "" : statusMessage))
        .setEvents(events.stream().map(e -> EventData.create(endEpochNanos, e, Attributes.empty())).toList())
        .setTotalRecordedEvents(events.size())
        .build();
  }

  /** {@link #toSpanData()} for each span, in order. */
  public static List<SpanData> toSpanData(Collection<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::toSpanData).toList();
  }

  @SuppressWarnings("unchecked")
  private static Attributes toAttributes(Map<String, Object> values) {
    AttributesBuilder out = Attributes.builder();
    values.forEach((key, value) -> {
      if (value instanceof String v) {
        out.put(AttributeKey.stringKey(key), v);
      } else if (value instanceof Boolean v) {
        out.put(AttributeKey.booleanKey(key), v);
      } else if (value instanceof Long v) {
        out.put(AttributeKey.longKey(key), v);
      } else if (value instanceof Double v) {
        out.put(AttributeKey.doubleKey(key), v);
      } else if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
        out.put(AttributeKey.stringArrayKey(key), (List<String>) list);
      } else if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Boolean.class::isInstance)) {
        out.put(AttributeKey.booleanArrayKey(key), (List<Boolean>) list);
      } else if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Long.class::isInstance)) {
        out.put(AttributeKey.longArrayKey(key), (List<Long>) list);
      } else if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Double.class::isInstance)) {
        out.put(AttributeKey.doubleArrayKey(key), (List<Double>) list);
      } else if (value != null) {
        // Mixed arrays, maps, bytes: OTLP allows them, SpanData does not; kept readable as text.
        out.put(AttributeKey.stringKey(key), String.valueOf(value));
      }
    });
    return out.build();
  }

  @Override
  public String toString() {
    return serviceName() + " " + kind + " '" + name + "' " + statusCode + " trace=" + traceId
        + " span=" + spanId + " parent=" + parentSpanId + " " + attributes;
  }
}
