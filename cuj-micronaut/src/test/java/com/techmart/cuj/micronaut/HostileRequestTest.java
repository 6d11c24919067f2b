package com.techmart.cuj.micronaut;

import static com.techmart.cuj.micronaut.TestApp.CORRELATION;
import static com.techmart.cuj.micronaut.TestApp.CUJ_NAME;
import static com.techmart.cuj.micronaut.TestApp.hasSpans;
import static com.techmart.cuj.micronaut.TestApp.serverSpan;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.BaggageTrustPolicy;
import com.techmart.cuj.CorrelationId;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests an attacker could send to a service that trusts known journeys: they are served, and
 * nothing they carry reaches a span attribute, the baggage sent downstream or a log line raw.
 */
class HostileRequestTest {

  private static TestApp app;
  private static LogCapture logs;

  @BeforeAll
  static void start() {
    logs = new LogCapture();
    app = TestApp.start("back", Map.of(
        "cuj.catalogue", "classpath:cuj/test-journeys.yaml",
        // Let an 8 KB baggage header reach the application instead of being refused by Netty.
        "micronaut.server.netty.max-header-size", 65536));
  }

  @AfterAll
  static void stop() {
    app.close();
    logs.close();
  }

  @BeforeEach
  void clearLogs() {
    logs.clear();
  }

  private static SpanData served(HttpResponse<String> response, String traceId) {
    assertThat(response.statusCode()).as("request served").isEqualTo(200);
    List<SpanData> spans = app.awaitTrace(traceId, list -> hasSpans("back.stock-query").test(list)
        && list.stream().anyMatch(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER));
    assertThat(spans).allSatisfy(s -> assertThat(s.getAttributes().get(CUJ_NAME)).as(s.getName()).isNull());
    return serverSpan(spans);
  }

  private static void assertNotLogged(String... values) {
    List<String> lines = logs.lines();
    assertThat(lines).as("log lines").isNotEmpty();
    for (String value : values) {
      assertThat(lines).noneMatch(line -> line.contains(value));
    }
  }

  private static long rejected(String reason) {
    InMemoryMetricReader reader = app.context.getBean(InMemoryMetricReader.class);
    long total = 0;
    for (MetricData metric : reader.collectAllMetrics()) {
      if (metric.getName().equals(BaggageTrustPolicy.REJECTED_COUNTER)) {
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          if (reason.equals(point.getAttributes().get(AttributeKey.stringKey("reason")))) {
            total += point.getValue();
          }
        }
      }
    }
    return total;
  }

  @Test
  void forgedUnknownJourneyIsDropped() {
    long before = rejected("unknown_name");
    String[] trace = TestApp.newTrace();
    HttpResponse<String> response = app.get("/back/stock", "traceparent", trace[1],
        "baggage", "cuj.name=free-shipping-hack,cuj.critical=true,tenant=acme");

    served(response, trace[0]);
    assertThat(response.body()).contains("journey=none", "tenant=acme")
        .as("not passed on downstream").doesNotContain("free-shipping-hack", "cuj.");
    assertNotLogged("free-shipping-hack");
    assertThat(rejected("unknown_name") - before).isEqualTo(1);
  }

  @Test
  void thousandDistinctForgedNamesLeaveNoTrace() {
    long before = rejected("unknown_name");
    Set<String> forged = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String name = "forged-journey-" + i;
      forged.add(name);
      HttpResponse<String> response = app.get("/back/stock", "baggage", "cuj.name=" + name);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("journey=none").doesNotContain(name);
    }
    String[] trace = TestApp.newTrace();
    served(app.get("/back/stock", "traceparent", trace[1], "baggage", "cuj.name=forged-journey-last"),
        trace[0]);

    Set<String> stamped = new HashSet<>();
    app.spans.getFinishedSpanItems().forEach(s -> {
      String name = s.getAttributes().get(CUJ_NAME);
      if (name != null) {
        stamped.add(name);
      }
    });
    assertThat(stamped).doesNotContainAnyElementsOf(forged).isSubsetOf("checkout", "product-discovery", "order-lookup");
    assertThat(logs.lines()).noneMatch(line -> line.contains("forged-journey-"));
    assertThat(rejected("unknown_name") - before).isEqualTo(1001);
  }

  @Test
  void eightKilobyteBaggageHeaderIsServed() {
    String hugeName = "x".repeat(8 * 1024);
    String[] trace = TestApp.newTrace();
    HttpResponse<String> response = app.get("/back/stock", "traceparent", trace[1],
        "baggage", "cuj.name=" + hugeName + ",cuj.critical=maybe");

    served(response, trace[0]);
    assertThat(response.body()).contains("journey=none").doesNotContain("xxxxxxxxxx");
    assertNotLogged("xxxxxxxxxx");
  }

  @Test
  void manyBaggageEntriesAddingUpToEightKilobytesAreServed() {
    StringBuilder baggage = new StringBuilder();
    for (int i = 0; baggage.length() < 8 * 1024; i++) {
      baggage.append("junk").append(i).append("=value-").append(i).append(',');
    }
    baggage.append("cuj.name=not-in-catalogue");
    String[] trace = TestApp.newTrace();
    HttpResponse<String> response = app.get("/back/stock", "traceparent", trace[1], "baggage", baggage.toString());

    served(response, trace[0]);
    assertThat(response.body()).contains("journey=none").doesNotContain("not-in-catalogue");
    assertNotLogged("not-in-catalogue");
  }

  /** A raw request: no HTTP client lets us put CR or LF into a header value. */
  private static String rawGet(String traceparent, String correlationId) throws Exception {
    String raw = "GET /back/stock HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + "traceparent: " + traceparent + "\r\n"
        + "X-Correlation-ID: " + correlationId + "\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", app.server.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * CRLF folded into the value (obsolete line folding) and NEL reach the application: the id is
   * replaced by a generated one and only described in the log.
   */
  @ParameterizedTest
  @ValueSource(strings = {"\r\n ", "\u0085"})
  void lineBreaksInCorrelationIdAreReplacedNotLogged(String lineBreak) throws Exception {
    String[] trace = TestApp.newTrace();
    String response = rawGet(trace[1], "abc" + lineBreak + "INFO forged-log-entry user=admin");

    assertThat(response).startsWith("HTTP/1.1 200");
    String echoed = response.lines().filter(l -> l.regionMatches(true, 0, "X-Correlation-ID:", 0, 17))
        .findFirst().orElseThrow().substring(17).trim();
    assertThat(echoed).matches(CorrelationId::isValid).doesNotContain("abc");

    SpanData server = serverSpan(app.awaitTrace(trace[0], hasSpans("back.stock-query")));
    assertThat(server.getAttributes().get(CORRELATION)).isEqualTo(echoed);
    assertNotLogged("forged-log-entry");
    assertThat(logs.lines()).anyMatch(l -> l.contains("Ignored X-Correlation-ID header, malformed ("));
  }

  /** A bare CR or LF inside a header is refused by Netty itself; nothing of it is logged. */
  @ParameterizedTest
  @ValueSource(strings = {"\r", "\n", "\u001b[2J"})
  void bareControlCharactersAreRefusedBeforeTheApplication(String control) throws Exception {
    String[] trace = TestApp.newTrace();
    String response = rawGet(trace[1], "abc" + control + "INFO forged-log-entry user=admin");

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(app.get("/back/stock").statusCode()).as("server still serves").isEqualTo(200);
    assertNotLogged("forged-log-entry");
  }

  @Test
  void overlongCorrelationIdIsReplaced() {
    String[] trace = TestApp.newTrace();
    String longId = "id-" + "9".repeat(200);
    HttpResponse<String> response = app.get("/back/stock", "traceparent", trace[1], "X-Correlation-ID", longId);

    SpanData server = served(response, trace[0]);
    String echoed = response.headers().firstValue("X-Correlation-ID").orElseThrow();
    assertThat(echoed).isNotEqualTo(longId).matches(CorrelationId::isValid);
    assertThat(server.getAttributes().get(CORRELATION)).isEqualTo(echoed);
    assertThat(response.body()).contains("correlation=" + echoed);
    assertNotLogged("9999999999");
  }

  @Test
  void wellFormedCorrelationIdIsKeptEverywhere() {
    String[] trace = TestApp.newTrace();
    HttpResponse<String> response = app.get("/back/stock", "traceparent", trace[1],
        "X-Correlation-ID", "req-2026.11:abc_DEF");

    SpanData server = served(response, trace[0]);
    assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("req-2026.11:abc_DEF");
    assertThat(server.getAttributes().get(CORRELATION)).isEqualTo("req-2026.11:abc_DEF");
    assertThat(response.body()).contains("correlation=req-2026.11:abc_DEF", "correlation.id=req-2026.11:abc_DEF");
    assertThat(logs.lines()).anyMatch(l -> l.contains("stock query") && l.contains("correlation_id=req-2026.11:abc_DEF"));
  }
}
