package com.techmart.cuj.testing;

import java.util.Map;

/**
 * One log record as a real process exported it over OTLP, decoded by {@link OtlpReceiver}.
 *
 * @param body the body as text (a structured body is rendered with {@code toString()})
 * @param traceId lowercase hex, or the empty string when the record was logged outside a span
 */
public record ReceivedLog(
    String body,
    String severityText,
    int severityNumber,
    Map<String, Object> attributes,
    Map<String, Object> resource,
    String traceId,
    String spanId) {

  /** The resource's {@code service.name}, or {@code null}. */
  public String serviceName() {
    Object name = resource.get("service.name");
    return name == null ? null : name.toString();
  }
}
