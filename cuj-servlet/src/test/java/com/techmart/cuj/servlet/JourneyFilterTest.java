package com.techmart.cuj.servlet;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.BaggageTrustPolicy.Rejection;
import com.techmart.cuj.CorrelationId;
import com.techmart.cuj.JourneyAttributes;
import com.techmart.cuj.TrustMode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Library mode on a real Jetty: routes, trust policy, server span and journey span, errors. */
class JourneyFilterTest {

  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  private static TestShop shop;

  @BeforeAll
  static void start() throws Exception {
    shop = TestShop.shared();
  }

  @BeforeEach
  void clear() {
    shop.spans.reset();
  }

  @Test
  void aDeclaredRouteRunsItsJourneyUnderTheServerSpanTheFilterMade() throws Exception {
    HttpResponse<String> response = shop.send("POST", "/api/orders");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(shop.seen(response)).containsEntry("journey", "checkout");
    SpanData journey = shop.awaitSpan("cuj.checkout");
    SpanData server = shop.awaitSpan("POST /api/orders");
    assertThat(server)
        .hasKind(SpanKind.SERVER)
        .hasNoParent()
        .hasAttribute(HTTP_ROUTE, "/api/orders")
        .hasAttribute(STATUS, 201L)
        .hasAttribute(JourneyAttributes.CUJ_NAME, "checkout")
        .hasAttribute(JourneyAttributes.CUJ_CRITICAL, true);
    assertThat(journey)
        .hasParent(server)
        .hasStatus(StatusData.ok())
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_SUCCESS);
    assertThat(shop.seen(response)).containsEntry("trace", server.getTraceId());
  }

  @Test
  void pathTemplatesPickTheJourneyAndOtherRequestsHaveNone() throws Exception {
    Map<String, String> expected = Map.of(
        "GET /api/products", "product-discovery",
        "GET /api/products/42", "product-discovery",
        "GET /api/products/42/", "product-discovery",
        "GET /api/orders/7", "order-lookup",
        "GET /api/orders", "none",              // only POST /api/orders is declared
        "GET /api/products/42/reviews", "none",
        "DELETE /api/orders/7", "none",
        "GET /api/orders/7?expand=items", "order-lookup");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String[] request = e.getKey().split(" ");
      assertThat(shop.seen(shop.send(request[0], request[1])))
          .as(e.getKey()).containsEntry("journey", e.getValue());
    }
    List<SpanData> servers = shop.awaitSpans(l -> l.stream().filter(s -> s.getKind() == SpanKind.SERVER).count() == 8)
        .stream().filter(s -> s.getKind() == SpanKind.SERVER).toList();
    // Route templates, not raw paths, name the spans: a product id never becomes a span name.
    assertThat(servers).extracting(SpanData::getName).containsOnly(
        "GET /api/products", "GET /api/products/{id}", "GET /api/orders/{id}", "GET", "DELETE");
    assertThat(shop.awaitSpan("cuj.order-lookup")).hasAttribute(JourneyAttributes.CUJ_CRITICAL, false);
  }

  @Test
  void anIncomingTraceIsContinued() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    shop.send("GET", "/api/products", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

    assertThat(shop.awaitSpan("GET /api/products"))
        .hasTraceId(traceId)
        .hasParentSpanId("00f067aa0ba902b7");
  }

  @Test
  void aKnownJourneyInBaggageStampsTheServerSpanWithTheCataloguesCriticality() throws Exception {
    HttpResponse<String> response = shop.send("GET", "/health", "baggage", "cuj.name=order-lookup,cuj.critical=true");

    assertThat(shop.seen(response)).containsEntry("journey", "order-lookup");
    assertThat(shop.awaitSpan("GET"))
        .hasAttribute(JourneyAttributes.CUJ_NAME, "order-lookup")
        .hasAttribute(JourneyAttributes.CUJ_CRITICAL, false);
  }

  @Test
  void aJourneyArrivingInBaggageStaysTheServerSpansNameWhenTheRouteStartsAnother() throws Exception {
    HttpResponse<String> response = shop.send("GET", "/api/products/9", "baggage", "cuj.name=checkout");

    // The route's journey runs inside the caller's: it wins for downstream calls ...
    assertThat(shop.seen(response)).containsEntry("journey", "product-discovery");
    SpanData server = shop.awaitSpan("GET /api/products/{id}");
    // ... and the server span belongs to the journey the request is part of.
    assertThat(server).hasAttribute(JourneyAttributes.CUJ_NAME, "checkout");
    assertThat(shop.awaitSpan("cuj.product-discovery")).hasParent(server);
  }

  @Test
  void forgedAndUnknownJourneysGoNowhere() throws Exception {
    long before = shop.rejections(Rejection.UNKNOWN_NAME);
    long malformedBefore = shop.rejections(Rejection.MALFORMED_NAME);
    HttpResponse<String> unknown = shop.send("GET", "/call-downstream", "baggage", "cuj.name=free-shipping,cuj.critical=true");
    HttpResponse<String> forged = shop.send("GET", "/call-downstream", "baggage", "cuj.name=DROP%20TABLE,team=shop");

    for (HttpResponse<String> response : List.of(unknown, forged)) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(shop.seen(response)).containsEntry("journey", "none");
      // Not passed on either: the downstream call carries no cuj.* entry, other entries survive.
      assertThat(shop.seen(response).get("downstream")).doesNotContain("cuj.");
    }
    assertThat(shop.seen(forged).get("downstream")).contains("team=shop");
    shop.awaitSpans(l -> l.stream().filter(s -> s.getKind() == SpanKind.SERVER).count() >= 4);
    assertThat(shop.spans.getFinishedSpanItems())
        .allSatisfy(s -> assertThat(s.getAttributes().get(JourneyAttributes.CUJ_NAME)).isNull());
    assertThat(shop.rejections(Rejection.UNKNOWN_NAME) - before).isEqualTo(1);
    assertThat(shop.rejections(Rejection.MALFORMED_NAME) - malformedBefore).isEqualTo(1);
  }

  @Test
  void aThousandDistinctForgedNamesAddNoAttributeSpanNameOrMetricSeries() throws Exception {
    long before = shop.rejections(Rejection.UNKNOWN_NAME);
    for (int i = 0; i < 1000; i++) {
      HttpResponse<String> response = shop.send("GET", "/api/items/" + i, "baggage", "cuj.name=journey-" + i);
      assertThat(response.statusCode()).isEqualTo(200);
    }

    List<SpanData> servers = shop.awaitSpans(l -> l.size() >= 1000);
    assertThat(servers).hasSize(1000)
        .allSatisfy(s -> assertThat(s.getAttributes().get(JourneyAttributes.CUJ_NAME)).isNull());
    assertThat(servers.stream().map(SpanData::getName).collect(Collectors.toSet())).containsExactly("GET");
    assertThat(shop.rejections(Rejection.UNKNOWN_NAME) - before).isEqualTo(1000);
    // One series per rejection reason, never one per name.
    assertThat(shop.rejectionSeries()).hasSizeLessThanOrEqualTo(Rejection.values().length);
  }

  @Test
  void eightKilobytesOfBaggageNeitherBreakTheRequestNorSmuggleAName() throws Exception {
    String padding = "x".repeat(8 * 1024 - 40);
    HttpResponse<String> hugeName = shop.send("GET", "/health", "baggage", "cuj.name=a" + padding);
    HttpResponse<String> hugeOther = shop.send("GET", "/health", "baggage", "filler=" + padding + ",cuj.name=checkout");

    assertThat(hugeName.statusCode()).isEqualTo(200);
    assertThat(shop.seen(hugeName)).containsEntry("journey", "none");
    // A valid known name is still a valid known name, however much else the header carries.
    assertThat(hugeOther.statusCode()).isEqualTo(200);
    assertThat(shop.seen(hugeOther)).containsEntry("journey", "checkout");
    List<SpanData> servers = shop.awaitSpans(l -> l.size() >= 2);
    assertThat(servers).extracting(s -> s.getAttributes().get(JourneyAttributes.CUJ_NAME))
        .containsExactlyInAnyOrder(null, "checkout");
  }

  @Test
  void anExceptionFailsTheJourneyAndTheServerSpan() throws Exception {
    HttpResponse<String> response = shop.send("GET", "/api/fail");

    assertThat(response.statusCode()).isEqualTo(500);
    SpanData journey = shop.awaitSpan("cuj.failing");
    assertThat(journey)
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR).hasDescription("inventory is unreachable"))
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_ERROR)
        .hasException(new IllegalStateException("inventory is unreachable"));
    assertThat(shop.awaitSpan("GET /api/fail"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(STATUS, 500L);
  }

  @Test
  void aServerErrorStatusFailsTheJourneyWithoutAnException() throws Exception {
    assertThat(shop.send("GET", "/api/unavailable").statusCode()).isEqualTo(503);

    assertThat(shop.awaitSpan("cuj.failing"))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR).hasDescription("HTTP 503"))
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_ERROR);
    assertThat(shop.awaitSpan("GET /api/unavailable")).hasAttribute(STATUS, 503L);
  }

  @Test
  void anExceptionTheCatalogueDeclaresExpectedEndsTheJourneyAsExpected() throws Exception {
    assertThat(shop.send("GET", "/api/declined").statusCode()).isEqualTo(500);

    assertThat(shop.awaitSpan("cuj.payment"))
        .hasStatus(StatusData.ok())
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_EXPECTED)
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME_TYPE, PaymentDeclinedException.class.getName());
  }

  @Test
  void aStatusTheCatalogueDeclaresExpectedEndsTheJourneyAsExpected() throws Exception {
    assertThat(shop.send("GET", "/api/provider-busy").statusCode()).isEqualTo(503);

    assertThat(shop.awaitSpan("cuj.payment"))
        .hasStatus(StatusData.ok())
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_EXPECTED)
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME_TYPE, "http.503");
    // The server span keeps the HTTP conventions: a 503 is a server error there.
    assertThat(shop.awaitSpan("GET /api/provider-busy")).hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR));
  }

  @Test
  void aClientErrorStatusEndsTheJourneyAsAnExpectedOutcome() throws Exception {
    assertThat(shop.send("GET", "/api/missing").statusCode()).isEqualTo(404);

    SpanData journey = shop.awaitSpan("cuj.failing");
    assertThat(journey.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    assertThat(journey)
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME, JourneyAttributes.OUTCOME_EXPECTED)
        .hasAttribute(JourneyAttributes.CUJ_OUTCOME_TYPE, "http.404");
  }

  /**
   * Library mode's server span follows the HTTP server conventions as OpenTelemetry's own
   * instrumentation applies them (the instrumentation API's extractors), not a hand-written subset:
   * the query, the protocol and the original of an unknown method are there too.
   */
  @Test
  void theServerSpanCarriesTheHttpServerConventionsOfTheInstrumentationApi() throws Exception {
    shop.send("GET", "/api/products/42?colour=red");
    SpanData server = shop.awaitSpan("GET /api/products/{id}");
    assertThat(server)
        .hasKind(SpanKind.SERVER)
        .hasAttribute(AttributeKey.stringKey("url.path"), "/api/products/42")
        .hasAttribute(AttributeKey.stringKey("url.query"), "colour=red")
        .hasAttribute(AttributeKey.stringKey("url.scheme"), "http")
        .hasAttribute(AttributeKey.stringKey("network.protocol.version"), "1.1")
        .hasAttribute(AttributeKey.stringKey("server.address"), "127.0.0.1")
        .hasAttribute(AttributeKey.longKey("server.port"), (long) shop.port());

    shop.spans.reset();
    shop.send("BREW", "/api/orders");
    assertThat(shop.awaitSpans(l -> !l.isEmpty()).get(0))
        .hasAttribute(AttributeKey.stringKey("http.request.method_original"), "BREW");
  }

  @Test
  void anUnknownHttpMethodCannotNameASpan() throws Exception {
    shop.send("BREW", "/api/orders");
    SpanData server = shop.awaitSpans(l -> !l.isEmpty()).get(0);
    assertThat(server).hasName("HTTP").hasAttribute(AttributeKey.stringKey("http.request.method"), "_OTHER");
  }

  @Test
  void theCorrelationIdIsEchoedAndSeenEverywhereInsideTheRequest() throws Exception {
    HttpResponse<String> response = shop.send("GET", "/call-downstream", CorrelationId.HEADER, "order-42.retry_1");

    assertThat(response.headers().firstValue(CorrelationId.HEADER)).hasValue("order-42.retry_1");
    assertThat(shop.seen(response))
        .containsEntry("correlation", "order-42.retry_1")
        .containsEntry("mdc", "order-42.retry_1");
    assertThat(shop.seen(response).get("downstream")).contains("correlation.id=order-42.retry_1");
    Set<String> ids = shop.awaitSpans(l -> l.size() >= 2).stream()
        .map(s -> s.getAttributes().get(CorrelationId.ATTRIBUTE)).collect(Collectors.toSet());
    // The downstream request took it from baggage: one id across both server spans.
    assertThat(ids).containsExactly("order-42.retry_1");
  }

  @Test
  void withoutAValidCorrelationIdANewOneIsGenerated() throws Exception {
    HttpResponse<String> absent = shop.send("GET", "/health");
    HttpResponse<String> tooLong = shop.send("GET", "/health", CorrelationId.HEADER, "a".repeat(65));
    HttpResponse<String> badChars = shop.send("GET", "/health", CorrelationId.HEADER, "abc def<script>");

    for (HttpResponse<String> response : List.of(absent, tooLong, badChars)) {
      String echoed = response.headers().firstValue(CorrelationId.HEADER).orElseThrow();
      assertThat(CorrelationId.isValid(echoed)).as(echoed).isTrue();
      assertThat(echoed).hasSize(36); // a generated UUID
      assertThat(shop.seen(response)).containsEntry("correlation", echoed).containsEntry("mdc", echoed);
    }
    assertThat(absent.headers().firstValue(CorrelationId.HEADER))
        .isNotEqualTo(tooLong.headers().firstValue(CorrelationId.HEADER));
  }
}
