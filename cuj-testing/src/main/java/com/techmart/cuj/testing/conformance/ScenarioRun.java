package com.techmart.cuj.testing.conformance;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a harness saw when it ran a scenario: every span of the trace (from every service it
 * crossed), the spans still open, and for HTTP stacks the response.
 *
 * @param spans the ended spans of the scenario's trace(s)
 * @param openSpans spans started during the scenario and never ended
 * @param response the HTTP response, if the stack answers requests
 */
public record ScenarioRun(List<SpanData> spans, List<SpanData> openSpans, Optional<Response> response) {

  public ScenarioRun {
    spans = List.copyOf(spans);
    openSpans = List.copyOf(openSpans);
    Objects.requireNonNull(response, "response");
  }

  public static ScenarioRun of(List<SpanData> spans, List<SpanData> openSpans) {
    return new ScenarioRun(spans, openSpans, Optional.empty());
  }

  public ScenarioRun withResponse(int status, Map<String, List<String>> headers) {
    return new ScenarioRun(spans, openSpans, Optional.of(new Response(status, headers)));
  }

  /** An HTTP response: status and headers (names compared case-insensitively). */
  public record Response(int status, Map<String, List<String>> headers) {
    public Response {
      headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream())
          .findFirst();
    }
  }
}
