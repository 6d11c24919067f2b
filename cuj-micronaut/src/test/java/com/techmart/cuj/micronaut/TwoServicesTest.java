package com.techmart.cuj.micronaut;

import static com.techmart.cuj.micronaut.TestApp.CORRELATION;
import static com.techmart.cuj.micronaut.TestApp.CUJ_CRITICAL;
import static com.techmart.cuj.micronaut.TestApp.CUJ_NAME;
import static com.techmart.cuj.micronaut.TestApp.hasSpans;
import static com.techmart.cuj.micronaut.TestApp.serverSpan;
import static com.techmart.cuj.micronaut.TestApp.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.techmart.cuj.JourneyRunner;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Micronaut applications in one JVM, each with its own SDK: a journey started in the first
 * reaches the second through the Micronaut HTTP client.
 */
class TwoServicesTest {

  private static TestApp back;
  private static TestApp front;
  private static TestApp edge;
  private static TestApp allowingEdge;

  @BeforeAll
  static void start() {
    back = TestApp.start("back", Map.of("cuj.catalogue", "classpath:cuj/test-journeys.yaml"));
    String backUrl = "http://127.0.0.1:" + back.server.getPort();
    front = TestApp.start("front", Map.of(
        "cuj.catalogue", "classpath:cuj/test-journeys.yaml",
        "micronaut.http.services.back.url", backUrl));
    // An internet-facing service: refuses every journey arriving in baggage.
    edge = TestApp.start("front", Map.of(
        "micronaut.application.name", "edge",
        "cuj.catalogue", "classpath:cuj/test-journeys.yaml",
        "cuj.trust", "none",
        "micronaut.http.services.back.url", backUrl));
    // An edge whose team relies on two caller keys: application.yml `cuj.baggage.allow: [tenant, region]`.
    allowingEdge = TestApp.start("front", Map.of(
        "micronaut.application.name", "allowing-edge",
        "cuj.catalogue", "classpath:cuj/test-journeys.yaml",
        "cuj.trust", "none",
        "cuj.baggage.allow", List.of("tenant", "region"),
        "micronaut.http.services.back.url", backUrl));
  }

  @AfterAll
  static void stop() {
    allowingEdge.close();
    edge.close();
    front.close();
    back.close();
  }

  private static List<SpanData> both(String traceId, String... backSpans) {
    List<SpanData> inBack = back.awaitTrace(traceId, hasSpans(backSpans));
    List<SpanData> all = new ArrayList<>(front.spans.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(traceId)).toList());
    all.addAll(inBack);
    return all;
  }

  @Test
  void journeyStartedInFirstServiceStampsSpansOfTheSecond() {
    String[] trace = TestApp.newTrace();
    HttpResponse<String> response = front.get("/front/checkout",
        "traceparent", trace[1], "X-Correlation-ID", "order-4711");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("journey=checkout", "correlation=order-4711");
    assertThat(response.headers().firstValue("X-Correlation-ID")).hasValue("order-4711");

    List<SpanData> frontSpans = front.awaitTrace(trace[0],
        list -> hasSpans("cuj.checkout").test(list)
            && list.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER)
            && list.stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT));
    List<SpanData> backSpans = back.awaitTrace(trace[0], hasSpans("back.stock-query"));

    SpanData journey = span(frontSpans, "cuj.checkout");
    SpanData client = frontSpans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    SpanData backServer = serverSpan(backSpans);
    SpanData backChild = span(backSpans, "back.stock-query");

    assertThat(client.getParentSpanId()).isEqualTo(journey.getSpanId());
    assertThat(backServer.getParentSpanId()).as("one trace across both services").isEqualTo(client.getSpanId());
    assertThat(backChild.getParentSpanId()).isEqualTo(backServer.getSpanId());
    for (SpanData s : List.of(serverSpan(frontSpans), journey, client, backServer, backChild)) {
      assertThat(s.getAttributes().get(CUJ_NAME)).as(s.getName()).isEqualTo("checkout");
      assertThat(s.getAttributes().get(CUJ_CRITICAL)).as(s.getName()).isTrue();
    }
    assertThat(backServer.getAttributes().get(CORRELATION)).isEqualTo("order-4711");
    assertThat(serverSpan(frontSpans).getAttributes().get(CORRELATION)).isEqualTo("order-4711");
  }

  @Test
  void eachApplicationHasItsOwnTelemetry() {
    assertThat(front.context.getBean(JourneyRunner.class))
        .isNotSameAs(back.context.getBean(JourneyRunner.class));
    String[] trace = TestApp.newTrace();
    front.get("/front/checkout", "traceparent", trace[1]);
    back.awaitTrace(trace[0], hasSpans("back.stock-query"));
    List<SpanData> frontSpans = front.awaitTrace(trace[0], hasSpans("cuj.checkout"));
    AttributeKey<String> service = AttributeKey.stringKey("service.name");
    assertThat(frontSpans).allSatisfy(s -> assertThat(s.getResource().getAttribute(service)).isEqualTo("front"));
    assertThat(back.spans.getFinishedSpanItems()).allSatisfy(
        s -> assertThat(s.getResource().getAttribute(service)).isEqualTo("back"));
  }

  @Test
  void journeyUnknownToTheSecondServiceIsNotStampedThere() {
    String[] trace = TestApp.newTrace();
    HttpResponse<String> response = front.get("/front/gift-wrap", "traceparent", trace[1]);

    assertThat(response.body()).contains("journey=none").doesNotContain("cuj.name");
    List<SpanData> backSpans = back.awaitTrace(trace[0], hasSpans("back.stock-query"));
    assertThat(backSpans).allSatisfy(s -> assertThat(s.getAttributes().get(CUJ_NAME)).isNull());
    List<SpanData> frontSpans = front.awaitTrace(trace[0], hasSpans("cuj.gift-wrap"));
    assertThat(span(frontSpans, "cuj.gift-wrap").getAttributes().get(CUJ_NAME))
        .as("the first service trusts its own code").isEqualTo("gift-wrap");
  }

  @Test
  void journeyFromBaggageIsAcceptedByAServiceThatKnowsIt() {
    String[] trace = TestApp.newTrace();
    HttpResponse<String> response = front.get("/front/plain",
        "traceparent", trace[1], "baggage", "cuj.name=order-lookup,cuj.critical=true");

    assertThat(response.body()).contains("journey=order-lookup");
    List<SpanData> all = both(trace[0], "back.stock-query");
    assertThat(all).hasSizeGreaterThanOrEqualTo(4).allSatisfy(s -> {
      assertThat(s.getAttributes().get(CUJ_NAME)).as(s.getName()).isEqualTo("order-lookup");
      assertThat(s.getAttributes().get(CUJ_CRITICAL)).as("the catalogue's flag wins").isFalse();
    });
  }

  @Test
  void edgeServiceRefusesEvenAKnownJourneyFromOutsideAndForwardsNoneOfTheCallersBaggage() {
    String[] trace = TestApp.newTrace();
    HttpResponse<String> response = edge.get("/front/plain",
        "traceparent", trace[1], "baggage", "cuj.name=checkout,cuj.critical=true,tenant=acme");

    assertThat(response.statusCode()).isEqualTo(200);
    // The edge forwards only what it set itself (issue 18): not the caller's tenant, no cuj.* entry.
    assertThat(response.body()).contains("journey=none").doesNotContain("cuj.", "tenant=acme");
    List<SpanData> edgeSpans = edge.awaitTrace(trace[0],
        list -> list.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER)
            && list.stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT));
    List<SpanData> backSpans = back.awaitTrace(trace[0], hasSpans("back.stock-query"));
    assertThat(edgeSpans).isNotEmpty().allSatisfy(s -> assertThat(s.getAttributes().get(CUJ_NAME)).isNull());
    assertThat(backSpans).allSatisfy(s -> assertThat(s.getAttributes().get(CUJ_NAME)).isNull());
  }

  @Test
  void anEdgeForwardsTheCallersKeysItsConfigurationAllowsAndNoOthers() {
    String[] trace = TestApp.newTrace();
    HttpResponse<String> response = allowingEdge.get("/front/plain", "traceparent", trace[1],
        "baggage", "tenant=acme,user=42,region=eu,cuj.name=checkout,correlation.id=chosen-by-caller");

    assertThat(response.statusCode()).isEqualTo(200);
    // The back service reports the baggage it received from the edge.
    assertThat(response.body()).contains("tenant=acme", "region=eu")
        .doesNotContain("user=42", "cuj.name", "chosen-by-caller").contains("journey=none");
    assertThat(allowingEdge.context.getBean(JourneySettings.class).baggageAllow()).containsExactly("tenant", "region");
  }

  @Test
  void edgeServiceStillRunsItsOwnJourneys() {
    String[] trace = TestApp.newTrace();
    edge.get("/front/checkout", "traceparent", trace[1], "baggage", "cuj.name=order-lookup");
    List<SpanData> backSpans = back.awaitTrace(trace[0], hasSpans("back.stock-query"));
    List<SpanData> edgeSpans = edge.awaitTrace(trace[0], hasSpans("cuj.checkout"));
    assertThat(serverSpan(edgeSpans).getAttributes().get(CUJ_NAME)).isEqualTo("checkout");
    assertThat(span(backSpans, "back.stock-query").getAttributes().get(CUJ_NAME)).isEqualTo("checkout");
  }
}
