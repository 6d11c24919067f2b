package com.techmart.cuj.micronaut;

import static com.techmart.cuj.micronaut.TestApp.CUJ_CRITICAL;
import static com.techmart.cuj.micronaut.TestApp.CUJ_NAME;
import static com.techmart.cuj.micronaut.TestApp.CUJ_OUTCOME;
import static com.techmart.cuj.micronaut.TestApp.hasSpans;
import static com.techmart.cuj.micronaut.TestApp.serverSpan;
import static com.techmart.cuj.micronaut.TestApp.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Journeys by route, from the catalogue's {@code routes:} and from {@code cuj.routes}. */
class RouteJourneyTest {

  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start("routes", Map.of(
        "cuj.catalogue", "classpath:cuj/test-journeys.yaml",
        "cuj.routes", Map.of("GET /routed/orders/{id}", "order-lookup", "GET /routed/broken", "checkout",
            "GET /routed/annotated", "order-lookup", "GET /routed/gone", "product-discovery",
            "GET /routed/busy", "product-discovery"),
        "cuj.journeys[0].name", "health-check",
        "cuj.journeys[0].critical", "false",
        "cuj.journeys[0].routes[0]", "GET /routed/health"));
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static List<SpanData> request(String method, String path, String journeySpan, String workSpan) {
    String[] trace = TestApp.newTrace();
    assertThat(app.send(method, path, "traceparent", trace[1]).statusCode()).isLessThan(600);
    return app.awaitTrace(trace[0], list -> hasSpans(journeySpan).test(list)
        && (workSpan == null || hasSpans(workSpan).test(list))
        && list.stream().anyMatch(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER));
  }

  private static void assertJourney(List<SpanData> spans, String name, String workSpan) {
    SpanData server = serverSpan(spans);
    SpanData journey = span(spans, "cuj." + name);
    assertThat(server.getAttributes().get(CUJ_NAME)).isEqualTo(name);
    assertThat(journey.getParentSpanId()).isEqualTo(server.getSpanId());
    if (workSpan != null) {
      SpanData work = span(spans, workSpan);
      assertThat(work.getParentSpanId()).isEqualTo(journey.getSpanId());
      assertThat(work.getAttributes().get(CUJ_NAME)).isEqualTo(name);
    }
  }

  @Test
  void catalogueRouteStartsItsJourney() {
    List<SpanData> spans = request("POST", "/routed/orders", "cuj.checkout", "work.place-order");
    assertJourney(spans, "checkout", "work.place-order");
    assertThat(span(spans, "cuj.checkout").getAttributes().get(CUJ_OUTCOME)).isEqualTo("success");
  }

  @Test
  void routeTemplateMatchesPathVariables() {
    List<SpanData> spans = request("GET", "/routed/products/42", "cuj.product-discovery", "work.product-42");
    assertJourney(spans, "product-discovery", "work.product-42");
  }

  @Test
  void configuredRouteStartsItsJourney() {
    List<SpanData> spans = request("GET", "/routed/orders/7", "cuj.order-lookup", "work.order-7");
    assertJourney(spans, "order-lookup", "work.order-7");
    assertThat(span(spans, "cuj.order-lookup").getAttributes().get(CUJ_CRITICAL)).isFalse();
  }

  @Test
  void inlineJourneyRouteStartsItsJourney() {
    List<SpanData> spans = request("GET", "/routed/health", "cuj.health-check", "work.health");
    assertJourney(spans, "health-check", "work.health");
    assertThat(span(spans, "cuj.health-check").getAttributes().get(CUJ_CRITICAL)).isFalse();
  }

  @Test
  void serverErrorEndsTheRouteJourneyAsError() {
    List<SpanData> spans = request("GET", "/routed/broken", "cuj.checkout", null);
    SpanData journey = span(spans, "cuj.checkout");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(journey.getStatus().getDescription()).isEqualTo("database unreachable");
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("error");
  }

  @Test
  void annotationWinsOverARouteMappingSoThereIsOneJourneySpan() {
    List<SpanData> spans = request("GET", "/routed/annotated", "cuj.order-lookup", "work.annotated");
    assertThat(spans).filteredOn(s -> s.getName().equals("cuj.order-lookup")).hasSize(1);
    assertJourney(spans, "order-lookup", "work.annotated");
  }

  @Test
  void clientErrorEndsTheRouteJourneyAsAnExpectedOutcome() {
    List<SpanData> spans = request("GET", "/routed/gone", "cuj.product-discovery", "work.gone");
    SpanData journey = span(spans, "cuj.product-discovery");
    assertThat(journey.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("expected");
    assertThat(journey.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("cuj.outcome.type")))
        .isEqualTo("http.404");
  }

  @Test
  void aStatusTheCatalogueDeclaresExpectedEndsTheRouteJourneyAsExpected() {
    List<SpanData> spans = request("GET", "/routed/busy", "cuj.product-discovery", "work.busy");
    SpanData journey = span(spans, "cuj.product-discovery");
    assertThat(journey.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    assertThat(journey.getAttributes().get(CUJ_OUTCOME)).isEqualTo("expected");
    assertThat(journey.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("cuj.outcome.type")))
        .isEqualTo("http.503");
  }

  @Test
  void unmappedRouteRunsNoJourney() {
    String[] trace = TestApp.newTrace();
    assertThat(app.get("/routed/nowhere", "traceparent", trace[1]).statusCode()).isEqualTo(404);
    List<SpanData> spans = app.awaitTrace(trace[0],
        list -> list.stream().anyMatch(s -> s.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER));
    assertThat(spans).noneMatch(s -> s.getName().startsWith("cuj."))
        .allSatisfy(s -> assertThat(s.getAttributes().get(CUJ_NAME)).isNull());
  }
}
