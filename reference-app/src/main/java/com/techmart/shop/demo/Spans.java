package com.techmart.shop.demo;

import com.techmart.cuj.JourneyAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;

/** Reading the few things the report needs from a recorded span. */
final class Spans {

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");

  private Spans() {}

  static String service(SpanData span) {
    String name = span.getResource().getAttribute(SERVICE_NAME);
    return name == null ? "?" : name;
  }

  static String journey(SpanData span) {
    return span.getAttributes().get(JourneyAttributes.CUJ_NAME);
  }

  static String outcome(SpanData span) {
    String outcome = span.getAttributes().get(JourneyAttributes.CUJ_OUTCOME);
    if (outcome != null) {
      return outcome;
    }
    return span.getStatus().getStatusCode() == StatusCode.ERROR
        ? JourneyAttributes.OUTCOME_ERROR : JourneyAttributes.OUTCOME_SUCCESS;
  }

  static long nanos(SpanData span) {
    return span.getEndEpochNanos() - span.getStartEpochNanos();
  }

  static long httpStatus(SpanData span) {
    Long status = span.getAttributes().get(HTTP_STATUS);
    return status == null ? 0 : status;
  }
}
