package com.techmart.cuj.servlet;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.opentelemetry.instrumentation.api.instrumenter.SpanKindExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpServerAttributesGetter;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanNameExtractor;
import io.opentelemetry.instrumentation.api.semconv.http.HttpSpanStatusExtractor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;

/**
 * The server span of library mode (no agent), made by OpenTelemetry's instrumentation API: span
 * name, kind, status and HTTP attributes come from the same extractors every OpenTelemetry HTTP
 * server instrumentation uses (unknown methods become {@code _OTHER}, a 5xx or an exception sets
 * ERROR, a 4xx does not). The filter passes the context to start in itself, after its trust
 * check, so the span never sees baggage the service refused.
 */
final class ServerSpans {

  /** A request with the route template that matched it, if any (for the span name and {@code http.route}). */
  record ServerRequest(HttpServletRequest http, String route) {}

  private ServerSpans() {}

  /** The response is its status: all the conventions need of it here. */
  static Instrumenter<ServerRequest, Integer> instrumenter(OpenTelemetry openTelemetry, String instrumentationName) {
    return Instrumenter.<ServerRequest, Integer>builder(openTelemetry, instrumentationName,
            HttpSpanNameExtractor.create(Getter.INSTANCE))
        .setSpanStatusExtractor(HttpSpanStatusExtractor.create(Getter.INSTANCE))
        .addAttributesExtractor(HttpServerAttributesExtractor.create(Getter.INSTANCE))
        // Not buildServerInstrumenter: that would extract the headers again, past the trust check.
        .buildInstrumenter(SpanKindExtractor.alwaysServer());
  }

  private enum Getter implements HttpServerAttributesGetter<ServerRequest, Integer> {
    INSTANCE;

    @Override
    public String getHttpRequestMethod(ServerRequest request) {
      return request.http().getMethod();
    }

    @Override
    public List<String> getHttpRequestHeader(ServerRequest request, String name) {
      var values = request.http().getHeaders(name);
      return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public Integer getHttpResponseStatusCode(ServerRequest request, Integer status, Throwable error) {
      return status;
    }

    @Override
    public List<String> getHttpResponseHeader(ServerRequest request, Integer status, String name) {
      return List.of();
    }

    @Override
    public String getUrlScheme(ServerRequest request) {
      return request.http().getScheme();
    }

    @Override
    public String getUrlPath(ServerRequest request) {
      return request.http().getRequestURI();
    }

    @Override
    public String getUrlQuery(ServerRequest request) {
      return request.http().getQueryString();
    }

    @Override
    public String getHttpRoute(ServerRequest request) {
      return request.route();
    }

    @Override
    public String getNetworkProtocolName(ServerRequest request, Integer status) {
      String protocol = request.http().getProtocol();
      return protocol != null && protocol.startsWith("HTTP/") ? "http" : null;
    }

    @Override
    public String getNetworkProtocolVersion(ServerRequest request, Integer status) {
      String protocol = request.http().getProtocol();
      return protocol != null && protocol.startsWith("HTTP/") ? protocol.substring(5) : null;
    }

    @Override
    public String getNetworkPeerAddress(ServerRequest request, Integer status) {
      return request.http().getRemoteAddr();
    }

    @Override
    public Integer getNetworkPeerPort(ServerRequest request, Integer status) {
      int port = request.http().getRemotePort();
      return port > 0 ? port : null;
    }
  }
}
