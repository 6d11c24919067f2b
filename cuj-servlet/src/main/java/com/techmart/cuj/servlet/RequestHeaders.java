package com.techmart.cuj.servlet;

import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;

/** Reads W3C {@code traceparent}, {@code tracestate} and {@code baggage} from a request. */
enum RequestHeaders implements TextMapGetter<HttpServletRequest> {
  INSTANCE;

  @Override
  public Iterable<String> keys(HttpServletRequest request) {
    return Collections.list(request.getHeaderNames());
  }

  @Override
  public String get(HttpServletRequest request, String key) {
    return request == null ? null : request.getHeader(key);
  }
}
