package com.techmart.cuj.micronaut;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** One real Micronaut application on a loopback port, with its spans in memory. */
final class TestApp implements AutoCloseable {

  static final AttributeKey<String> CUJ_NAME = AttributeKey.stringKey("cuj.name");
  static final AttributeKey<Boolean> CUJ_CRITICAL = AttributeKey.booleanKey("cuj.critical");
  static final AttributeKey<String> CUJ_OUTCOME = AttributeKey.stringKey("cuj.outcome");
  static final AttributeKey<String> CORRELATION = AttributeKey.stringKey("correlation.id");

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  final EmbeddedServer server;
  final ApplicationContext context;
  final InMemorySpanExporter spans;
  private final SpanArrivals arrivals;

  private TestApp(EmbeddedServer server) {
    this.server = server;
    this.context = server.getApplicationContext();
    this.spans = context.getBean(InMemorySpanExporter.class);
    this.arrivals = context.getBean(SpanArrivals.class);
  }

  /** Starts the application playing {@code role} (it selects the test controllers). */
  static TestApp start(String role, Map<String, Object> properties) {
    Map<String, Object> all = new HashMap<>();
    all.put("micronaut.application.name", role);
    all.put("micronaut.server.host", "127.0.0.1");
    all.put("micronaut.server.port", -1);
    all.put("test.role", role);
    all.putAll(properties);
    return new TestApp(ApplicationContext.run(EmbeddedServer.class, all));
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  /** A fresh W3C traceparent, so a test can pick out exactly the spans of its own request. */
  static String[] newTrace() {
    byte[] trace = new byte[16];
    byte[] span = new byte[8];
    RANDOM.nextBytes(trace);
    RANDOM.nextBytes(span);
    String traceId = HexFormat.of().formatHex(trace);
    return new String[] {traceId, "00-" + traceId + "-" + HexFormat.of().formatHex(span) + "-01"};
  }

  HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, headers);
  }

  HttpResponse<String> send(String method, String path, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError("request " + method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The finished spans of {@code traceId}, once {@code ready} holds for them (10 s at most). */
  List<SpanData> awaitTrace(String traceId, Predicate<List<SpanData>> ready) {
    return awaitSpans(s -> s.getTraceId().equals(traceId), ready);
  }

  /** Finished spans that match {@code filter}, once {@code ready} holds for them (10 s at most). */
  List<SpanData> awaitSpans(Predicate<SpanData> filter, Predicate<List<SpanData>> ready) {
    try {
      return arrivals.await(() -> spans.getFinishedSpanItems().stream().filter(filter).toList(),
          ready, Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static Predicate<List<SpanData>> hasSpan(String name) {
    return list -> list.stream().anyMatch(s -> s.getName().equals(name));
  }

  static Predicate<List<SpanData>> hasSpans(String... names) {
    return list -> List.of(names).stream().allMatch(n -> list.stream().anyMatch(s -> s.getName().equals(n)));
  }

  static SpanData span(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span '" + name + "' in " + spans));
  }

  static SpanData serverSpan(List<SpanData> spans) {
    return spans.stream().filter(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER)
        .findFirst().orElseThrow(() -> new AssertionError("no server span in " + spans));
  }

  @Override
  public void close() {
    context.close();
  }
}
