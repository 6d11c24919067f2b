package com.techmart.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.JourneyAttributes;

import com.techmart.shop.launch.ShopStack;
import com.techmart.shop.telemetry.MetricsRecorder;
import com.techmart.shop.telemetry.SpanRecorder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The api as the storefront's edge, over real HTTP on the three real services: it serves the
 * storefront, it takes browser spans only through the trust policy and the caps (what a forger
 * would try is posted here and must change nothing a rule or dashboard reads), and it records every
 * request whatever sampled flag the caller sends.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorefrontIngestTest {

  private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
  private static final String INGEST = "/browser/v1/traces";
  // Few tokens, refilled slowly: the last test can exhaust them; the others stay well inside.
  private static final int BURST = 12;

  private static final SpanRecorder spans = new SpanRecorder();
  private static final MetricsRecorder metrics = new MetricsRecorder();
  private static ShopStack shop;
  private static Http http;

  @BeforeAll
  static void start() {
    shop = ShopStack.builder(TestDatabase.fresh("storefront"))
        .spans(spans)
        .apiMetrics(metrics)
        .property(ServiceRole.API, "techmart.browser.burst", BURST)
        .property(ServiceRole.API, "techmart.browser.rate-per-second", 0.01)
        .start();
    http = new Http(shop.api().uri());
  }

  @AfterAll
  static void stop() {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  @Order(1)
  void theApiServesTheStorefrontAndItsBundle() {
    HttpResponse<String> page = http.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>TechMart</title>").contains("src=\"/storefront.js\"");
    HttpResponse<String> bundle = http.get("/storefront.js");
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(bundle.headers().firstValue("Content-Type").orElse("")).contains("javascript");
    assertThat(bundle.body()).contains("/browser/v1/traces");
  }

  @Test
  @Order(2)
  void theEdgeRecordsARequestWhoseTraceparentSaysNotSampled() {
    String traceId = hex(32);
    HttpResponse<String> products = Http.send(HttpRequest.newBuilder(shop.api().uri().resolve("/api/products"))
        .header("traceparent", "00-" + traceId + "-" + hex(16) + "-00"));
    assertThat(products.statusCode()).isEqualTo(200);

    // Still one trace with the caller (the browser's click continues into the api) ...
    SpanData server = Eventually.get(() -> spans.spans().stream()
        .filter(s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.SERVER).findFirst());
    assertThat(server.getAttributes().get(JourneyAttributes.CUJ_NAME)).isEqualTo("product-discovery");
    // ... but recorded, with its journey span, whatever the caller's flag said.
    Eventually.until(Duration.ofSeconds(60), () -> spans.spans().stream()
        .anyMatch(s -> s.getTraceId().equals(traceId) && s.getName().equals("cuj.product-discovery")),
        () -> "cuj.product-discovery in trace " + traceId);
  }

  @Test
  @Order(3)
  void anAcceptedBrowserSpanIsRenamedAndRestampedSoNoServerSideRuleCountsIt() {
    String traceId = hex(32);
    String journeyId = hex(16);
    String fetchId = hex(16);
    // What the storefront sends for a failed checkout click, plus what a forger might add to it:
    // a claim to be the api, a route and a method that are span-metrics dimensions.
    String body = request("techmart-api",
        span(traceId, journeyId, null, "cuj.checkout", 1, 2,
            attr("cuj.name", "checkout"), attr("cuj.outcome", "error"), attr("cuj.critical", "false"),
            attr("http.route", "/forged/{route}")),
        span(traceId, fetchId, journeyId, "HTTP POST", 3, 0,
            attr("cuj.name", "checkout"), attr("http.method", "BREW"), attr("http.request.method", "BREW"),
            intAttr("http.status_code", 503), attr("http.url", "http://127.0.0.1/api/orders?" + "x".repeat(400))));

    HttpResponse<String> response = http.post(INGEST, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

    SpanData journey = Eventually.get(() -> spans.spans().stream().filter(s -> s.getSpanId().equals(journeyId)).findFirst());
    assertThat(journey.getName()).isEqualTo("cuj.browser.checkout");
    assertThat(journey.getResource().getAttribute(SERVICE)).isEqualTo("techmart-storefront");
    assertThat(journey.getTraceId()).isEqualTo(traceId);
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(journey.getAttributes().asMap()).containsOnlyKeys(
        JourneyAttributes.CUJ_NAME, JourneyAttributes.CUJ_CRITICAL, JourneyAttributes.CUJ_OUTCOME);
    assertThat(journey.getAttributes().get(JourneyAttributes.CUJ_CRITICAL)).as("from the catalogue").isTrue();
    assertThat(journey.getAttributes().get(JourneyAttributes.CUJ_OUTCOME)).isEqualTo("error");

    SpanData fetch = Eventually.get(() -> spans.spans().stream().filter(s -> s.getSpanId().equals(fetchId)).findFirst());
    assertThat(fetch.getName()).isEqualTo("browser.fetch");
    assertThat(fetch.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(fetch.getParentSpanId()).isEqualTo(journeyId);
    assertThat(fetch.getAttributes().get(AttributeKey.stringKey("http.method"))).isEqualTo("POST");
    assertThat(fetch.getAttributes().get(AttributeKey.stringKey("http.request.method"))).isNull();
    assertThat(fetch.getAttributes().get(AttributeKey.longKey("http.status_code"))).isEqualTo(503L);
    assertThat(fetch.getAttributes().get(AttributeKey.stringKey("http.url"))).hasSize(256);

    // Nothing the server-side rules select (span_name cuj.<journey>) came from the browser.
    assertThat(spans.spans()).noneMatch(s -> s.getName().equals("cuj.checkout")
        && "techmart-storefront".equals(s.getResource().getAttribute(SERVICE)));
    assertThat(spans.spans()).noneMatch(s -> "/forged/{route}".equals(s.getAttributes().get(AttributeKey.stringKey("http.route"))));
  }

  @Test
  @Order(4)
  void forgedAndOversizedSpansAreDroppedCountedAndReachNothing() {
    Map<String, Long> before = dropped();
    String traceId = hex(32);
    String body = request("techmart-storefront",
        // a journey the catalogue does not know: it must not become a cuj_name value
        span(traceId, hex(16), null, "cuj.admin-takeover", 1, 2, attr("cuj.name", "admin-takeover")),
        // a known journey with a 40 kB attribute (the whole body stays under the server's limit)
        span(traceId, hex(16), null, "cuj.order-lookup", 1, 0, attr("cuj.name", "order-lookup"),
            attr("blob", "A".repeat(40_000))),
        // a span name the storefront never makes
        span(traceId, hex(16), null, "SELECT * FROM shop.customer_order", 1, 0, attr("cuj.name", "checkout")),
        // no journey at all
        span(traceId, hex(16), null, "HTTP GET", 3, 0),
        // ids that are not ids
        span("not-a-trace-id", hex(16), null, "HTTP GET", 3, 0, attr("cuj.name", "checkout")));

    HttpResponse<String> response = http.post(INGEST, body);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"rejectedSpans\":\"5\"");
    assertThat(spans.spans()).noneMatch(s -> s.getTraceId().equals(traceId));
    Map<String, Long> after = dropped();
    assertThat(after.getOrDefault("unknown_journey", 0L) - before.getOrDefault("unknown_journey", 0L)).isEqualTo(2);
    assertThat(after.getOrDefault("oversized", 0L) - before.getOrDefault("oversized", 0L)).isEqualTo(1);
    assertThat(after.getOrDefault("unknown_span", 0L) - before.getOrDefault("unknown_span", 0L)).isEqualTo(1);
    assertThat(after.getOrDefault("malformed", 0L) - before.getOrDefault("malformed", 0L)).isEqualTo(1);
    assertThat(after.keySet()).as("reasons are a fixed set")
        .isSubsetOf("malformed", "unknown_journey", "unknown_span", "oversized", "too_many", "rate_limited");
  }

  @Test
  @Order(5)
  void aBodyThatIsNotOtlpJsonIsRefusedWithAClearError() {
    long before = dropped().getOrDefault("malformed", 0L);
    HttpResponse<String> response = http.post(INGEST, "{\"resourceSpans\": [ oops");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("not an OTLP/JSON ExportTraceServiceRequest");
    assertThat(dropped().get("malformed")).isEqualTo(before + 1);

    HttpResponse<String> tooBig = http.post(INGEST, "{\"x\":\"" + "y".repeat(70_000) + "\"}");
    assertThat(tooBig.statusCode()).as("over micronaut.server.max-request-size").isEqualTo(413);
  }

  @Test
  @Order(6)
  void moreSpansThanTheCapInOneRequestAreCutAtTheCap() {
    String traceId = hex(32);
    String[] many = new String[70];
    for (int i = 0; i < many.length; i++) {
      many[i] = span(traceId, hex(16), null, "HTTP GET", 3, 0, attr("cuj.name", "product-discovery"));
    }
    HttpResponse<String> response = http.post(INGEST, request("techmart-storefront", many));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"rejectedSpans\":\"6\"").contains("too_many");
    Eventually.until(Duration.ofSeconds(60),
        () -> spans.spans().stream().filter(s -> s.getTraceId().equals(traceId)).count() == 64, () -> "64 spans kept");
  }

  @Test
  @Order(100)
  void aClientOverItsRateIsRefusedAndCounted() {
    long before = dropped().getOrDefault("rate_limited", 0L);
    String body = request("techmart-storefront");
    int refused = 0;
    for (int i = 0; i < BURST + 1; i++) {
      if (http.post(INGEST, body).statusCode() == 429) {
        refused++;
      }
    }
    // The earlier tests used some of the burst, so at least the last request was refused.
    assertThat(refused).isPositive();
    assertThat(dropped().get("rate_limited")).isEqualTo(before + refused);
    // A forged X-Forwarded-For does not buy a fresh bucket: the limit is per connection address.
    HttpResponse<String> forged = Http.send(HttpRequest.newBuilder(shop.api().uri().resolve(INGEST))
        .header("Content-Type", "application/json")
        .header("X-Forwarded-For", "203.0.113.7")
        .header("Forwarded", "for=203.0.113.8")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(forged.statusCode()).isEqualTo(429);
  }

  private static Map<String, Long> dropped() {
    Map<String, Long> byReason = new HashMap<>();
    for (MetricData metric : metrics.collect()) {
      if (metric.getName().equals("techmart.browser.spans.dropped")) {
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          byReason.put(point.getAttributes().get(REASON), point.getValue());
        }
      }
    }
    return byReason;
  }

  static String request(String serviceName, String... spans) {
    return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[" + attr("service.name", serviceName) + "]},"
        + "\"scopeSpans\":[{\"scope\":{\"name\":\"@opentelemetry/instrumentation-fetch\"},\"spans\":["
        + String.join(",", spans) + "]}]}]}";
  }

  static String span(String traceId, String spanId, String parentId, String name, int kind, int status, String... attributes) {
    long end = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    long start = end - TimeUnit.MILLISECONDS.toNanos(120);
    return "{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\","
        + (parentId == null ? "" : "\"parentSpanId\":\"" + parentId + "\",")
        + "\"name\":\"" + name + "\",\"kind\":" + kind + ",\"startTimeUnixNano\":\"" + start + "\","
        + "\"endTimeUnixNano\":\"" + end + "\",\"attributes\":[" + String.join(",", attributes) + "],"
        + "\"status\":{\"code\":" + status + "}}";
  }

  static String attr(String key, String value) {
    return "{\"key\":\"" + key + "\",\"value\":{\"stringValue\":\"" + value + "\"}}";
  }

  static String intAttr(String key, long value) {
    return "{\"key\":\"" + key + "\",\"value\":{\"intValue\":" + value + "}}";
  }

  static String hex(int length) {
    StringBuilder s = new StringBuilder();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (s.length() < length) {
      s.append(Character.forDigit(random.nextInt(16), 16));
    }
    return s.toString();
  }

}
